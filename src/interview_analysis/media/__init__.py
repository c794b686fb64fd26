"""Fetch, probe and decode videos into typed arrays; knows nothing of HTTP or databases."""
