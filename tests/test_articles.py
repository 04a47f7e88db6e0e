"""Reading and cleaning articles: page furniture out, metadata in, bad files quarantined with a reason."""

import datetime as dt

from market_claims.articles import article_record, clean_article, read_article_folder, read_raw_article

from .conftest import SEED_ARTICLES


def _seed(name_prefix):
    path = next(SEED_ARTICLES.glob(f"{name_prefix}_*.txt"))
    return clean_article(path.read_text(encoding="utf-8"), path.name)


def test_liberte_actus_page_furniture_is_removed_and_metadata_kept():
    article = _seed("003")
    for marker in ("qrcode", "Flachez", "Soutenez-nous", "Faire un don", "Accès abonné", "Temps de lecture",
                   "shutterstock", "Mots -clé", "Message d'abonnement", "https://"):
        assert marker not in article.text, marker
    assert article.outlet == "Liberté Actus"
    assert article.url == "https://liberte-actus.fr/1072"
    assert article.updated_date == dt.date(2025, 2, 18)
    assert article.title == "Un « moment Sputnik » qui ébranle la Big Tech US"
    assert article.text.startswith("DeepSeek")
    assert "Nvidia a chuté hier de près de 17 %" in article.text  # the no-break space became a space


def test_contact_form_lines_are_removed():
    article = _seed("004")
    assert "Vous souhaitez être contacté" not in article.text
    assert article.text.rstrip().endswith("notamment en Europe.")
    assert article.published_date is None and article.date_lower is None and article.date_upper is None


def test_seed_date_line_bounds_the_day_to_the_month():
    article = _seed("000")
    assert article.published_date is None
    assert (article.date_lower, article.date_upper) == (dt.date(2025, 1, 1), dt.date(2025, 1, 31))
    assert article.title.startswith("NVIDIA vs DeepSeek")
    assert article.language == "fr"


def test_header_lines_and_html_are_read(tmp_path):
    text = "url: https://example.com/a\npublished: 2025-01-28\nlang: en\noutlet: Example Wire\n\nNvidia fell 17% on Monday.\n"
    article = clean_article(text, "a.txt")
    assert (article.url, article.published_date, article.language, article.outlet) == (
        "https://example.com/a", dt.date(2025, 1, 28), "en", "Example Wire")
    assert article.text == "Nvidia fell 17% on Monday."
    html = ("<html lang='fr'><head><title>Krach</title><meta property='og:site_name' content='Le Journal'>"
            "<script>var x = '17 %';</script></head><body><nav>Menu</nav><article><h1>Krach</h1>"
            "<p>Nvidia a chuté de 17 % lundi.</p></article></body></html>")
    article = clean_article(html, "b.html")
    assert article.outlet == "Le Journal" and article.language == "fr" and article.title == "Krach"
    assert "var x" not in article.text and "Menu" not in article.text and "Nvidia a chuté de 17 %" in article.text


def test_bad_files_become_quarantined_rows(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"   \n")
    (tmp_path / "nul.txt").write_bytes(b"abc\x00def")
    (tmp_path / "latin1.txt").write_bytes("Société Générale a reculé".encode("latin-1"))
    (tmp_path / "doc.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "ok.txt").write_text("Nvidia a chuté de 17 % et le Nasdaq a reculé de 3 % lundi dans la séance.")
    (tmp_path / "ok_again.txt").write_text("Nvidia a chuté de 17 % et le Nasdaq a reculé de 3 % lundi dans la séance.")
    (tmp_path / "german.txt").write_text("Die Aktie ist heute stark gefallen, sagen die Händler an der Börse.")
    rows = {r.source_file: r for r in read_article_folder(tmp_path)}
    assert rows["empty.txt"].load_error == "empty file"
    assert rows["nul.txt"].load_error.startswith("binary content")
    assert rows["latin1.txt"].load_error.startswith("not valid UTF-8")
    assert rows["doc.pdf"].load_error.startswith("unsupported file type .pdf")
    assert rows["ok.txt"].load_status == "ok"
    assert rows["ok_again.txt"].load_error == "duplicate: same content as ok.txt"
    assert len({r.article_id for r in rows.values()}) == len(rows), "ids stay unique"
    records = {name: article_record(row) for name, row in rows.items()}
    assert records["german.txt"]["status"] == "quarantined"
    assert "not supported" in records["german.txt"]["status_reason"]
    assert records["ok.txt"]["status"] == "ok"


def test_oversized_file_is_quarantined_without_reading_it(tmp_path, monkeypatch):
    import market_claims.articles as articles

    monkeypatch.setattr(articles, "MAX_ARTICLE_BYTES", 10)
    path = tmp_path / "big.txt"
    path.write_text("x" * 100)
    row = read_raw_article(path, tmp_path)
    assert row.load_status == "quarantined" and "over the 10-byte limit" in row.load_error and row.article_id
