"""Results that depend only on their inputs (trading calendars, data-quality validations, report charts), kept
per user and shared by every warehouse: a scratch warehouse of `market-claims check`, or a second desk's
warehouse, reuses what another computed.

A cache only saves time: an entry that cannot be read is computed again, and a home that cannot be written
(read-only, full) is skipped. Two processes may fill the same entry (`write_text_atomically`).
"""

from __future__ import annotations

import os
from pathlib import Path

from .files import write_text_atomically
from .settings import user_cache_dir


class UserCache:
    """One kind of entry, under `$XDG_CACHE_HOME/market-claims/<kind>`; `keep`: how many of the most recently
    used entries stay (None: all — calendars, a few files that change once a month)."""

    def __init__(self, kind: str, keep: int | None = None, root: Path | None = None):
        self.directory = (root or user_cache_dir()) / kind
        self.keep = keep
        self._pruned = False  # once per instance: a report's new charts list the directory once, not once each

    def get(self, name: str) -> str | None:
        path = self.directory / name
        try:
            text = path.read_text(encoding="utf-8")
            if self.keep is not None:
                os.utime(path)  # recently used: kept the longest
            return text
        except (OSError, ValueError):
            return None

    def put(self, name: str, text: str) -> None:
        path = self.directory / name
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            write_text_atomically(path, text)
            if self.keep is not None and not self._pruned:
                self._forget_the_oldest()
                self._pruned = True
        except OSError:
            pass

    def _forget_the_oldest(self) -> None:
        entries = []
        for entry in self.directory.iterdir():
            if entry.name.startswith("."):
                continue  # another process's entry being written
            try:
                entries.append((entry.stat().st_mtime_ns, entry))
            except FileNotFoundError:  # another process forgot it first
                pass
        for _, entry in sorted(entries, reverse=True)[self.keep:]:
            entry.unlink(missing_ok=True)
