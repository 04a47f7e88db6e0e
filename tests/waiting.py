"""Waiting for something to happen, without a time bound.

A test waits for an event (a server answering, a file appearing, a run finishing), never for a number
of seconds: on a busy machine any fixed bound fails sometimes. If the event never comes, the process
being watched has died (the wait fails at once, with its output) or pytest-timeout's hang guard
(`timeout` in pyproject.toml) ends the test with a traceback showing where it waited.
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable
from typing import TypeVar

import pytest

T = TypeVar("T")


def wait_for(condition: Callable[[], T], what: str, process: subprocess.Popen | None = None,
             poll_seconds: float = 0.5) -> T:
    """Call `condition` until it returns something true, and return that; fail if `process` ends first."""
    while True:
        value = condition()
        if value:
            return value
        if process is not None and process.poll() is not None:
            output = process.stderr.read()[-2000:] if process.stderr else ""
            pytest.fail(f"the process ended (exit {process.returncode}) before {what}: {output}")
        time.sleep(poll_seconds)
