"""Fixtures of the page tests: the browser driver lives in tests/web/browser.py."""

from tests.web.browser import playwright_driver

__all__ = ["playwright_driver"]
