"""Writing a file so that a reader sees the old text or the new one, whole."""

from __future__ import annotations

import os
from pathlib import Path


def write_text_atomically(path: Path, text: str) -> None:
    """Write aside and rename over `path` (no fsync: for pages and caches, where a crash costs only a rewrite;
    published tables use `publish.replace_atomically`). Two processes may write the same path at once."""
    staging = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    staging.write_text(text, encoding="utf-8")
    os.replace(staging, path)
