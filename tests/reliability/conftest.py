"""Reliability suite: hypothesis profiles, and a count of the inputs tried, printed at the end.

CI runs the `ci` profile; `make reliability` runs the `long` one (HYPOTHESIS_PROFILE=long) and the
tests marked `slow`. The counts of inputs tried are in tests/tally.py.
"""

import os

from hypothesis import HealthCheck, settings

settings.register_profile("ci", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("long", max_examples=5000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
