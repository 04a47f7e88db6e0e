"""One refresh at a time per warehouse, whoever starts it (the CLI, the UI, the sensor, the schedule).

Dagster's run queue serialises the runs it launches, but `market-claims run` executes in its own
process; two refreshes writing one build database would have the second fail on DuckDB's file
lock half-way. An advisory lock on a file beside the build database makes the second wait from
the start instead. The kernel releases it when its holder dies, even by kill -9.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def exclusive(path: Path, on_wait: Callable[[str], None] | None = None) -> Iterator[float]:
    """Hold an exclusive lock on `path` (created if needed); yields the seconds waited for it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    started = time.monotonic()
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 200, 0).decode(errors="replace").strip() or "another process"
            if on_wait:
                on_wait(f"another refresh holds {path} ({holder}): waiting for it to finish")
            fcntl.flock(fd, fcntl.LOCK_EX)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()} since {time.strftime('%Y-%m-%d %H:%M:%S')}".encode(), 0)
        yield time.monotonic() - started
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


# --- liveness: "is the process working for this run still there?" ---------------------------------------
@contextmanager
def alive(path: Path) -> Iterator[None]:
    """Hold a shared lock on `path` while this process works for a run. Several processes of one run (the
    multiprocess executor's steps) hold it together; the kernel drops each when its process dies."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_SH)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def held(path: Path) -> bool:
    """Whether some process holds a lock on `path` (taken by `alive` or `exclusive`); a missing file is not held."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)  # closing the descriptor also lets go of the probe's lock
    return False
