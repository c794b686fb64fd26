"""The one failure every backend raises when its server cannot be reached.

The app's start-up retries on this type alone, so it must not depend on which driver
(PyMongo, aiomysql) sits underneath; the driver's exception stays as ``__cause__``.
"""

from __future__ import annotations


class StoreUnavailable(Exception):
    def __init__(self, backend: str, location: str, reason: str) -> None:
        self.backend = backend
        self.location = location
        super().__init__(f"{backend} at {location} is unavailable: {reason}")
