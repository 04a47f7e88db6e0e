"""The benchmark harness runs end to end on tiny sizes (`make bench-smoke`); the real figures come from `make bench`."""

import subprocess
import sys

import pytest

from market_claims.settings import PROJECT_ROOT


@pytest.mark.heavy(seconds=215)
def test_the_harness_runs_and_writes_its_table(tmp_path):
    out = tmp_path / "results.md"
    done = subprocess.run([sys.executable, str(PROJECT_ROOT / "bench" / "run.py"), "--smoke", "--out", str(out)],
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    table = out.read_text(encoding="utf-8")
    for measure in ("extraction, 50 articles, 1 process", "extraction, 200 articles, 2 processes", "spaCy baseline",
                    "pipeline, seeds, cold", "no-change refresh", "full rebuild", "10 new articles"):
        assert measure in table, measure
    assert "cores" in table.splitlines()[0]  # the machine is noted
