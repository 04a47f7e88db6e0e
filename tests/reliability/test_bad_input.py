"""Bad input: the loader and the extractor never crash, every input ends somewhere with its reason.

Invariants, on every input: no exception; a file is either an article or a quarantine row with a
rule and a reason; every claim's quote is exactly the text at its offsets and its value is finite.
How long the hostile inputs take (no catastrophic regex backtracking) is measured by the benchmark
harness (bench/hostile.py, in `make bench`), not here: a time bound fails on a busy machine.
"""

from __future__ import annotations

import math
import os
import shutil
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from market_claims.articles import CleanArticle, article_record, read_raw_article
from market_claims.extract import extract_claims
from market_claims.reference import entity_index, read_entities
from market_claims.settings import PROJECT_ROOT

from ..tally import TRIED

sys.path.insert(0, str(PROJECT_ROOT / "bench"))
from hostile import ABSURD_TEXTS, WORDS  # noqa: E402

INDEX = entity_index(read_entities(PROJECT_ROOT / "seeds" / "entities.csv"))


def _checked_extract(text: str, language: str = "fr"):
    result = extract_claims("fuzz", "fuzz.txt", CleanArticle(text=text, language=language), INDEX)
    for claim in result.claim_rows():
        assert text[claim["char_start"]:claim["char_end"]] == claim["quote"]
        assert claim["value"] is None or math.isfinite(claim["value"])
    for figure in result.figure_rows():
        assert figure["reason"], figure
    return result


@given(st.lists(st.sampled_from(WORDS), max_size=80).map(" ".join), st.sampled_from(["fr", "en"]))
def test_recombined_market_prose_never_crashes(text, language):
    TRIED["extractor: recombined market prose"] += 1
    _checked_extract(text, language)


@given(st.text(max_size=3000))
def test_arbitrary_unicode_never_crashes(text):
    TRIED["extractor: arbitrary unicode"] += 1
    _checked_extract(text)


@pytest.mark.parametrize("text", ABSURD_TEXTS)
def test_absurd_and_huge_inputs_stay_bounded(text):
    TRIED["extractor: absurd numbers, huge sentences"] += 1
    result = _checked_extract(text)
    if "1e308" in text or "9" * 400 in text:
        assert all(abs(c["value"]) <= 1e6 for c in result.claim_rows() if c["value"] is not None) or not result.claims


@given(st.binary(max_size=4096))
def test_any_bytes_are_an_article_or_a_quarantine_row_with_a_reason(tmp_path_factory, data):
    TRIED["loader: random bytes"] += 1
    folder = tmp_path_factory.mktemp("bytes")
    (folder / "a.txt").write_bytes(data)
    _assert_accounted(read_raw_article(folder / "a.txt", folder))


@given(st.text(max_size=2000), st.sampled_from(["latin-1", "utf-16", "utf-8-sig", "cp1252", "utf-32"]))
def test_wrong_encodings_are_quarantined_or_read(tmp_path_factory, text, encoding):
    TRIED["loader: wrong encodings"] += 1
    folder = tmp_path_factory.mktemp("enc")
    (folder / "a.txt").write_bytes(("Nvidia a chuté de 17 % lundi. " + text).encode(encoding, errors="replace"))
    record = _assert_accounted(read_raw_article(folder / "a.txt", folder))
    if encoding in {"utf-16", "utf-32"}:
        assert record["status"] == "quarantined" and record["quarantine_rule"] == "binary_content"


@pytest.mark.parametrize("name, content", [
    ("empty.txt", b""), ("blank.txt", b" \n\t\n"), ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
    ("latin1.txt", "Nvidia a chuté de 17 % à Wall Street.".encode("latin-1")),
    ("bom16.txt", "\ufeffNvidia a chuté de 17 %.".encode("utf-16")),
    ("script.html", b"<html><head><script>var x = 'Nvidia a chute de 99 %';</script><style>p{}</style></head>"
                    b"<body><p>Oracle a chut\xc3\xa9 de 14 % lundi.</p></body></html>"),
    ("unknown.pdf", b"%PDF-1.4"), ("no_suffix", b"Nvidia a chute de 17 %"),
])
def test_named_bad_files(tmp_path, name, content):
    TRIED["loader: named bad files"] += 1
    (tmp_path / name).write_bytes(content)
    record = _assert_accounted(read_raw_article(tmp_path / name, tmp_path))
    if name == "script.html":
        assert "99" not in record["text"] and "Oracle a chuté de 14 %" in record["text"]
        claims = extract_claims(record["article_id"], name, CleanArticle(text=record["text"], language="fr"), INDEX).claims
        assert [(c.ticker, c.value) for c in claims] == [("ORCL", -0.14)]


def test_a_50_mb_file_is_quarantined_without_being_read(tmp_path, monkeypatch):
    TRIED["loader: 50 MB file"] += 1
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:
        fh.truncate(50 * 2**20)
    import market_claims.articles as articles

    read = []
    real_read = articles.read_regular_file
    monkeypatch.setattr(articles, "read_regular_file", lambda path: read.append(path) or real_read(path))
    record = _assert_accounted(read_raw_article(path, tmp_path))
    assert record["quarantine_rule"] == "too_large" and read == []


def test_a_link_out_of_the_folder_is_not_followed(tmp_path):
    TRIED["loader: link out of the folder"] += 1
    outside = tmp_path / "secret.txt"
    outside.write_text("Nvidia a chuté de 17 %.")
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "link.txt").symlink_to(outside)
    record = _assert_accounted(read_raw_article(folder / "link.txt", folder))
    assert record["quarantine_rule"] == "outside_folder" and record["text"] is None


def _assert_accounted(raw) -> dict:
    record = article_record(raw)
    assert record["status"] in {"ok", "quarantined"}
    if record["status"] == "quarantined":
        assert record["quarantine_rule"] and record["status_reason"], record
    else:
        assert record["text"] is not None and record["language"] in {"fr", "en"}
    return record


@pytest.mark.slow
def test_a_folder_of_hostile_files_is_fully_accounted_for_by_a_real_run(tmp_path):
    """300 files mixing every bad case above, through refresh_all: files in = articles + quarantine rows."""
    import random

    from ..conftest import failed_checks, materialise, pipeline_env, published_rows

    rng = random.Random(20250127)
    folder = tmp_path / "articles"
    folder.mkdir()
    for i in range(300):
        kind = rng.choice(["prose", "bytes", "latin1", "utf16", "empty", "html", "long"])
        prose = " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 120)))
        data = {"prose": prose.encode(), "bytes": rng.randbytes(rng.randint(1, 3000)),
                "latin1": prose.encode("latin-1", errors="replace"), "utf16": prose.encode("utf-16"), "empty": b"",
                "html": f"<html><script>{prose}</script><p>{prose}</p></html>".encode(),
                "long": ("Nvidia a chuté de 17 % " * rng.randint(100, 3000)).encode()}[kind]
        (folder / f"{i:03d}_{kind}.{'html' if kind == 'html' else 'txt'}").write_bytes(data)
    env = pipeline_env(tmp_path, folder)
    result = materialise(env)
    TRIED["pipeline: hostile files in one run"] += 300
    assert result.success, failed_checks(result)
    [(files,)] = published_rows(env, "SELECT count(*) FROM article_files")
    [(ok,)] = published_rows(env, "SELECT count(*) FROM articles")
    [(quarantined,)] = published_rows(env, "SELECT count(*) FROM quarantine_articles")
    assert files == 300 and ok + quarantined == 300
    assert published_rows(env, "SELECT count(*) FROM quarantine_articles WHERE status_reason IS NULL") == [(0,)]


def _odd_entries(folder: Path) -> dict[str, str]:
    """Every kind of directory entry that is not a plain article file: stored name -> the rule it must get."""
    os.symlink("b.txt", folder / "a.txt")  # a.txt -> b.txt -> a.txt
    os.symlink("a.txt", folder / "b.txt")
    fd = os.open(os.fsencode(folder) + b"/bad\xffname.txt", os.O_WRONLY | os.O_CREAT)
    os.write(fd, "Nvidia a chuté de 17 %.".encode())
    os.close(fd)
    os.mkfifo(folder / "pipe.txt")
    os.symlink("nowhere.txt", folder / "broken.txt")
    (folder / "sub").mkdir()
    (folder / "sub" / "inside.txt").write_text("Nvidia a chuté de 17 %.")
    os.symlink("/dev/zero", folder / "zero.txt")
    return {"a.txt": "link_loop", "b.txt": "link_loop", "bad\\xffname.txt": "bad_file_name", "pipe.txt": "special_file",
            "broken.txt": "broken_link", "sub": "sub_folder", "zero.txt": "outside_folder"}


def test_odd_directory_entries_are_each_one_quarantine_row_through_a_real_run(tmp_path):
    """A symlink loop, a name that is not UTF-8, a FIFO, a broken link, a sub-folder, a link to /dev/zero:
    the sensor and the run go on, and each gets one quarantine row with its rule, beside the seeds' articles."""
    from dagster import RunRequest, build_sensor_context

    from pipelines.resources import MarketClaimsConfig
    from pipelines.sensors import articles_inbox_sensor

    from ..conftest import SEED_ARTICLES, materialise, pipeline_env, published_rows

    articles = tmp_path / "articles"
    shutil.copytree(SEED_ARTICLES, articles)
    expected = _odd_entries(articles)
    TRIED["loader: odd directory entries"] += len(expected)
    env = pipeline_env(tmp_path, articles)
    project = MarketClaimsConfig(articles_dir=str(articles), warehouse_dir=env["MARKET_CLAIMS_WAREHOUSE_DIR"])
    assert isinstance(articles_inbox_sensor(build_sensor_context(resources={"project": project})), RunRequest)
    assert materialise(env).success
    rows = published_rows(env, "SELECT source_file, quarantine_rule FROM quarantine_articles ORDER BY 1")
    assert dict(rows) == expected and len(rows) == len(expected)
    assert published_rows(env, "SELECT count(*) FROM articles WHERE status = 'ok'") == [(5,)]


def test_a_file_removed_while_the_folder_is_listed_or_read_is_accounted_for(tmp_path, monkeypatch):
    import market_claims.ingestion as ingestion
    from market_claims.articles import article_entries

    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text("Nvidia a chuté de 17 %.")
    listed = article_entries(tmp_path)
    (tmp_path / "a.txt").unlink()  # gone between the listing and the stat
    monkeypatch.setattr(ingestion, "article_entries", lambda folder: listed)
    assert ingestion.folder_state(tmp_path)["source_file"].to_list() == ["b.txt"]
    record = _assert_accounted(read_raw_article(tmp_path / "a.txt", tmp_path))  # gone between listing and reading
    assert record["quarantine_rule"] == "vanished"


def test_one_pathological_article_is_capped_and_says_where_reading_stopped():
    """A 1.2 MB "article" of 40,000 claim sentences gives at most MAX_CLAIMS_PER_ARTICLE claims and one row that
    says where reading stopped; a sentence of 480 numbers interprets MAX_FIGURES_PER_SENTENCE of them."""
    from market_claims.extract import MAX_CLAIMS_PER_ARTICLE, MAX_FIGURES_PER_SENTENCE

    TRIED["extractor: pathological article (caps)"] += 1
    text = "Nvidia a chuté de 17 % lundi. " * 40_000
    result = _checked_extract(text)
    assert len(result.claims) == MAX_CLAIMS_PER_ARTICLE
    [stop] = [f for f in result.figures if f.category == "not_read"]
    assert stop.char_start < len(text) // 10 and "was not read" in stop.reason
    dump = "Nvidia a chuté de " + "1%" * 480 + "."  # one sentence (under the 1,000 characters it may have)
    figures = _checked_extract(dump).figures
    assert sum("not interpreted" in f.reason for f in figures) == 480 - MAX_FIGURES_PER_SENTENCE
