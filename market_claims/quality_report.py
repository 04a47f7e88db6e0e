"""A static HTML report of each run's data-quality results, under warehouse/quality/.

Each suite's outcome is written as JSON as its check finishes; the run's page is rebuilt from
all of them each time, so it is complete once the last check has run. `latest.html` is the
newest run's page. A browser opens it straight from disk: no server needed.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from pathlib import Path

from .files import write_text_atomically
from .quality import RuleOutcome


def record(quality_dir: Path, run_id: str, suite: str, rows: int, outcomes: list[RuleOutcome]) -> Path:
    """Store one suite's results for the run and rebuild the run's page; returns the page."""
    run_dir = quality_dir / run_id
    run_dir.mkdir(parents=True, exist_ok=True)
    payload = {
        "suite": suite, "rows": rows, "checked_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "expectations": [{"expectation": o.rule.expectation, "arguments": {k: str(v) for k, v in o.rule.kwargs.items()},
                          "reason": o.rule.reason, "success": o.success, "failing_rows": o.unexpected_count,
                          "sample": o.sample} for o in outcomes],
    }
    (run_dir / f"{suite}.json").write_text(json.dumps(payload, indent=2), encoding="utf-8")
    page = run_dir / "index.html"
    text = render(run_id, [json.loads(p.read_text(encoding="utf-8")) for p in sorted(run_dir.glob("*.json"))])
    for path in (page, quality_dir / "latest.html"):
        write_text_atomically(path, text)
    return page


def render(run_id: str, suites: list[dict]) -> str:
    failed = sum(not e["success"] for s in suites for e in s["expectations"])
    total = sum(len(s["expectations"]) for s in suites)
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>market-claims data quality</title>",
        "<style>body{font-family:system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;"
        "margin-bottom:2em;width:100%}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}"
        ".ok{background:#e8f5e9}.ko{background:#ffebee}code{font-size:90%}</style></head><body>",
        f"<h1>Data quality — run {html.escape(run_id)}</h1>",
        f"<p>{total - failed} of {total} expectations met across {len(suites)} suites.</p>",
    ]
    for suite in suites:
        parts.append(f"<h2 id='{html.escape(suite['suite'])}'>{html.escape(suite['suite'])}</h2>"
                     f"<p>{suite['rows']} rows, checked {html.escape(suite['checked_at'])}</p>"
                     "<table><tr><th>expectation</th><th>why it matters</th><th>result</th>"
                     "<th>failing rows</th><th>sample</th></tr>")
        for e in suite["expectations"]:
            args = ", ".join(f"{k}={v}" for k, v in e["arguments"].items() if k != "condition_parser")
            parts.append(
                f"<tr class='{'ok' if e['success'] else 'ko'}'><td><code>{html.escape(e['expectation'])}"
                f"({html.escape(args)})</code></td><td>{html.escape(e['reason'])}</td>"
                f"<td>{'passed' if e['success'] else 'FAILED'}</td><td>{e['failing_rows']}</td>"
                f"<td>{html.escape('; '.join(e['sample']))}</td></tr>")
        parts.append("</table>")
    parts.append("</body></html>")
    return "\n".join(parts)
