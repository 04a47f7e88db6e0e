"""Security: SQL built only from checked identifiers, hostile text inert, the UI on localhost, no secrets, no path escape."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import duckdb

from market_claims.settings import PROJECT_ROOT

from ..conftest import materialise, pipeline_env, published_rows
from ..tally import TRIED

# Every f-string handed to DuckDB may interpolate only these: names of tables and columns written
# in the code (model names, TABLES keys, the published tables' list, the IO manager's table slice),
# generated temp paths, paths quoted as SQL literals, and a column list built from a frame's own
# columns. Never a value from an article, a price or the user.
ALLOWED_INTERPOLATIONS = {
    "name", "table", "t", "key", "table_slice.schema", "table_slice.table", "staging", "select",
    "PUBLICATION_TABLE", "_get_cleanup_statement(table_slice)", "target", "relation", "table.select", "query",
    "literal(build)", "literal(staging)", "literal(folder)", "literal(path)",
}
SOURCE_DIRS = ["market_claims", "assets", "pipelines"]


def _sql_fstrings():
    for folder in SOURCE_DIRS:
        for path in sorted((PROJECT_ROOT / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                        and node.func.attr in {"execute", "sql", "query"} and node.args
                        and isinstance(node.args[0], ast.JoinedStr)):
                    yield path, node.lineno, [ast.unparse(v.value) for v in node.args[0].values
                                              if isinstance(v, ast.FormattedValue)]


def test_sql_is_parameterised_or_built_from_whitelisted_identifiers():
    found = list(_sql_fstrings())
    assert found, "the scan found no SQL at all: it is broken"
    offending = [(str(p.relative_to(PROJECT_ROOT)), line, expr) for p, line, exprs in found for expr in exprs
                 if expr not in ALLOWED_INTERPOLATIONS]
    assert not offending, f"SQL built from something other than a checked identifier: {offending}"


def test_an_injection_in_an_article_is_just_text(tmp_path):
    TRIED["security: SQL injection in an article"] += 1
    env = pipeline_env(tmp_path)
    hostile = ("Dépêche\n\nLundi 27 janvier 2025, le titre NVDA'; DROP TABLE claims;-- a chuté de 17 % à Wall Street, "
               "selon les données de la Bourse de New York. Robert'); DROP TABLE articles;-- a été cité par les analystes "
               "de la place, qui suivent le secteur des semi-conducteurs depuis des années.\n")
    (Path(env["MARKET_CLAIMS_ARTICLES_DIR"]) / "zz_hostile.txt").write_text(hostile, encoding="utf-8")
    assert materialise(env).success
    assert published_rows(env, "SELECT count(*) FROM quarantine_articles") == [(0,)]
    assert published_rows(env, "SELECT count(*) FROM articles") == [(6,)]
    [(text,)] = published_rows(env, "SELECT text FROM articles WHERE source_file = 'zz_hostile.txt'")
    assert "DROP TABLE claims;--" in text
    assert published_rows(env, "SELECT count(*) > 0 FROM claims") == [(True,)]


def test_the_sql_command_cannot_write_the_published_database(tmp_path, seeded_run):
    env, _ = seeded_run
    database = Path(env["MARKET_CLAIMS_WAREHOUSE_DIR"]) / "market_claims.duckdb"
    with duckdb.connect(str(database), read_only=True) as con:
        try:
            con.execute("DROP TABLE claims")
            raise AssertionError("a read-only connection dropped a table")
        except duckdb.Error as exc:
            assert "read-only" in str(exc).lower()
    assert published_rows(env, "SELECT count(*) > 0 FROM claims") == [(True,)]


def test_the_ui_binds_to_localhost_only():
    recipe = re.search(r"^ui:.*\n\t(.+)$", (PROJECT_ROOT / "Makefile").read_text(), re.MULTILINE).group(1)
    assert "-h 127.0.0.1" in recipe and "0.0.0.0" not in recipe
    dry = subprocess.run(["make", "-n", "ui"], cwd=PROJECT_ROOT, capture_output=True, text=True).stdout
    assert "dagster dev" in dry and "-h 127.0.0.1" in dry


SECRET_PATTERNS = [
    re.compile(r"AKIA[0-9A-Z]{16}"), re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----"),
    re.compile(r"(?i)\b(?:password|passwd|secret|api[_-]?key|access[_-]?token)\b\s*[:=]\s*['\"][^'\"\s]{8,}['\"]"),
    re.compile(r"gh[pousr]_[A-Za-z0-9]{30,}"), re.compile(r"xox[baprs]-[A-Za-z0-9-]{10,}"),
]


def test_no_secrets_in_the_repository():
    files = subprocess.run(["git", "ls-files"], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True).stdout.split()
    assert len(files) > 50
    hits = []
    for name in files:
        path = PROJECT_ROOT / name
        if path.is_file() and path.stat().st_size < 2_000_000:
            text = path.read_text(encoding="utf-8", errors="ignore")
            hits += [(name, p.pattern) for p in SECRET_PATTERNS if p.search(text)]
    assert not hits, hits


def _sql_escapes(warehouse: Path, outside: Path) -> dict[str, str]:
    build = warehouse / "build" / "build.duckdb"
    published_parquet = warehouse / "published" / "entities.parquet"
    return {
        "read a file": "SELECT content FROM read_text('/etc/shadow')",
        "read a file as a table": "SELECT * FROM '/etc/passwd'",
        "read a CSV": "SELECT * FROM read_csv('/etc/passwd')",
        "overwrite a published file": f"COPY (SELECT 1 AS pwned) TO '{published_parquet}' (FORMAT parquet)",
        "write a file": f"COPY (SELECT 1) TO '{outside}'",
        "export the database": f"EXPORT DATABASE '{outside}.d'",
        "write the build database": f"ATTACH '{build}' AS b (READ_WRITE); CREATE TABLE b.main.pwned AS SELECT 1",
        "attach after a query": f"SELECT 1; ATTACH '{build}' AS b",
        "install an extension": "INSTALL httpfs",
        "load an extension": "LOAD httpfs",
        "turn file access back on": "SET enable_external_access = true",
        "unlock the configuration": "RESET lock_configuration",
        "a settings pragma": "PRAGMA enable_profiling",
        "a call": "CALL pragma_version()",
        "a write": "CREATE TABLE pwned AS SELECT 1",
    }


def test_the_sql_command_reads_the_published_database_and_nothing_else(seeded_run, tmp_path, monkeypatch, capsys):
    import hashlib

    from market_claims.cli import main

    env, _ = seeded_run
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    warehouse = Path(env["MARKET_CLAIMS_WAREHOUSE_DIR"])
    published_parquet = warehouse / "published" / "entities.parquet"
    before = hashlib.sha256(published_parquet.read_bytes()).hexdigest()
    outside = tmp_path / "exfiltrated.csv"
    for what, query in _sql_escapes(warehouse, outside).items():
        TRIED["security: sql command escapes"] += 1
        code = main(["sql", query])
        out, err = capsys.readouterr()
        lines = err.strip().splitlines()
        assert code == 2 and len(lines) == 1 and lines[0].startswith("error: "), (what, err[-1500:])
        assert "root:" not in out, what
    assert hashlib.sha256(published_parquet.read_bytes()).hexdigest() == before
    assert not outside.exists() and not Path(f"{outside}.d").exists()
    with duckdb.connect(str(warehouse / "build" / "build.duckdb"), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'pwned'").fetchone() == (0,)
    # Queries still work, several at once too, and a mistake is one line, not a traceback.
    assert main(["sql", "SHOW TABLES; SELECT count(*) AS n FROM claims"]) == 0
    assert "n" in capsys.readouterr().out
    assert main(["sql", "select * from nope"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "nope" in err and "Traceback" not in err
    # The command line itself, once: the same refusal from a real process.
    done = subprocess.run([str(Path(sys.executable).with_name("market-claims")), "sql", "SELECT * FROM read_text('/etc/shadow')"],
                          env=os.environ | env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 2 and done.stderr.startswith("error: ") and done.stderr.count("\n") == 1 and not done.stdout
