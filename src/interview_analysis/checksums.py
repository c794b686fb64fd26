"""The one sha256-of-a-file, for the service (model identity, ``/health``) and the setup scripts alike.

Standard library only: the image's model-fetching stages run the scripts with just this package's
leaf modules on ``PYTHONPATH`` (deploy/Containerfile), not the whole service and its dependencies.
"""

from __future__ import annotations

import hashlib
from pathlib import Path


def sha256_file(path: Path) -> str:
    """Hex sha256 of the file, read in 1 MiB blocks so a 150 MB model never sits in memory whole."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
