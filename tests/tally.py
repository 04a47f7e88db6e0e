"""What kinds of hostile input the reliability suite tried, and how many: printed at the end of pytest.

Under pytest-xdist each worker counts its own; tests/conftest.py hands the counts to the controller
(which prints them) when a worker ends.
"""

from collections import Counter

TRIED: Counter = Counter()  # what kind of input -> how many were tried
