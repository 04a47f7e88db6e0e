"""Reliability suite: hypothesis profiles, and a count of the inputs tried, printed at the end.

CI runs the `ci` profile; `make reliability` runs the `long` one (HYPOTHESIS_PROFILE=long) and the
tests marked `slow`.
"""

import os
from collections import Counter

from hypothesis import HealthCheck, settings

settings.register_profile("ci", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("long", max_examples=5000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

TRIED: Counter = Counter()  # what kind of input -> how many were tried


def pytest_terminal_summary(terminalreporter):
    if TRIED:
        terminalreporter.write_sep("-", "reliability: inputs tried")
        for kind, n in sorted(TRIED.items()):
            terminalreporter.write_line(f"{n:>7}  {kind}")
        terminalreporter.write_line(f"{sum(TRIED.values()):>7}  in all")
