"""The run's HTML report, as a person sees it: rendered in headless Chromium."""

import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from market_claims.report import build_report

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def test_the_report_holds_the_verdicts_disagreements_scorecards_and_charts(seeded_run, tmp_path):
    env, result = seeded_run
    warehouse = Path(env["MARKET_CLAIMS_WAREHOUSE_DIR"])
    page = build_report(warehouse / "market_claims.duckdb", tmp_path / "reports")
    text = page.read_text()
    assert result.run_id in text and (tmp_path / "reports" / "latest.html").read_text() == text
    for heading in ("Verdicts by article", "Disagreements between articles", "Outlet scorecards", "Event study"):
        assert heading in text
    assert text.count("<svg") >= 8, "a chart per checked single-security claim"
    assert "claimed" in text and "approximately_accurate" in text


def test_another_warehouse_showing_the_same_claims_reuses_the_charts(seeded_run, tmp_path, monkeypatch):
    """Charts are kept in the user cache by what they show: a second page of the same claims draws none, and a
    home that cannot be written only costs the drawing."""
    import market_claims.report as report

    env, _ = seeded_run
    database = Path(env["MARKET_CLAIMS_WAREHOUSE_DIR"]) / "market_claims.duckdb"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    drawn = []
    draw = report._draw
    monkeypatch.setattr(report, "_draw", lambda claim, window: drawn.append(claim["claim_id"]) or draw(claim, window))
    first = build_report(database, tmp_path / "one").read_text()
    assert len(drawn) >= 8 and len(list((tmp_path / "cache" / "market-claims" / "charts").iterdir())) == len(drawn)
    drawn.clear()
    assert build_report(database, tmp_path / "two").read_text() == first and drawn == []
    (tmp_path / "blocked").write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "blocked"))
    third = build_report(database, tmp_path / "three").read_text()
    assert len(drawn) >= 8 and third.count("<svg") == first.count("<svg")


@pytest.mark.skipif(CHROMIUM is None, reason="no Chromium on this machine: `apt-get install chromium` (Debian; what .ci/run does) runs this test")
def test_the_report_renders_in_chromium(seeded_run, tmp_path):
    env, _ = seeded_run
    page = build_report(Path(env["MARKET_CLAIMS_WAREHOUSE_DIR"]) / "market_claims.duckdb", tmp_path / "r")
    shot = tmp_path / "report.png"
    common = [CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}"]
    subprocess.run([*common, "--window-size=1400,1800", f"--screenshot={shot}", page.as_uri()],
                   check=True, capture_output=True, timeout=600)
    dom = subprocess.run([*common, "--dump-dom", page.as_uri()], check=True, capture_output=True, text=True,
                         timeout=600).stdout
    assert "<table>" in dom and "Verdicts by article" in dom and "<svg" in dom
    image = Image.open(shot).convert("L")
    low, high = image.getextrema()
    assert high - low > 100, "the screenshot is blank"
    assert len(set(image.resize((70, 90)).getdata())) > 20, "too few shades for tables and charts"
