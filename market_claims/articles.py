"""Reading article files and cleaning them into text the extractor can trust.

Every file that enters is accounted for: it becomes an article row with status
`ok`, or a row with status `quarantined` and the reason, never an exception.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import errno
import os
import re
import stat as stat_mode
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse
from zoneinfo import ZoneInfo

from .dates import parse_date_value
from .text import normalise

SUPPORTED_SUFFIXES = {".txt", ".html", ".htm"}
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
MAX_ARTICLE_BYTES = 5_000_000  # a news article is kilobytes; anything this large is not one
HEADER_KEYS = {"url", "published", "lang", "outlet", "title", "date", "updated"}
SUPPORTED_LANGUAGES = {"fr", "en"}


@dataclass
class RawArticle:
    article_id: str
    source_file: str
    size_bytes: int
    content_hash: str
    modified_at: dt.datetime
    raw_text: str | None
    load_status: str  # ok | quarantined
    load_error: str | None
    load_rule: str | None = None  # the rule a quarantined file broke
    ingestion_day: dt.date | None = None  # the partition (ingestion.py)


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def article_entries(folder: Path) -> list[os.DirEntry]:
    """Every entry directly in `folder` — files, links, folders, pipes — sorted by name, but hidden ones.

    Each one becomes an article or a quarantine row that says why (read_raw_article): an inbox where
    something is silently skipped cannot be reconciled. Hidden entries are not the desk's articles but
    copies in progress (rsync's `.name.XXXXXX`), editors' swap files and `.DS_Store`: counting them would
    ingest a half-copied file and then record it as removed. os.scandir rather than pathlib: a desk's
    inbox holds 100,000 files, and this runs on every sensor tick."""
    with os.scandir(folder) as entries:
        return sorted((e for e in entries if not e.name.startswith(".")), key=lambda e: e.name)


def display_name(name: str) -> str:
    """The file name as stored: a name that is not valid UTF-8 (its bad bytes are surrogates in Python)
    cannot be written to a table; its bytes are spelt out instead (`bad\\xffname.txt`)."""
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        return os.fsencode(name).decode("utf-8", "backslashreplace")


def list_article_files(folder: Path) -> list[Path]:
    """Every entry directly in `folder`, sorted by name for a stable order."""
    return [folder / entry.name for entry in article_entries(folder)]


def read_article_folder(folder: Path) -> list[RawArticle]:
    """Every file of the folder as a RawArticle; a second file with the same content is quarantined."""
    return read_article_files(folder, [(path.relative_to(folder).as_posix(), None) for path in list_article_files(folder)])


def read_article_files(folder: Path, files: list[tuple[str, dt.date | None]],
                       ingested_before: dict[str, tuple[dt.date, str]] | None = None) -> list[RawArticle]:
    """The given (file, ingestion day) pairs as RawArticles, in (day, name) order.

    A file with the same content as one ingested before it — earlier in this list, or in
    `ingested_before` (content hash -> (day, file), from other partitions) — is quarantined as a
    duplicate. A file that is no longer in the folder gets a quarantine row that says so.
    """
    seen: dict[str, str] = {}
    rows = []
    badly_named = _badly_named(folder)
    for name, day in sorted(files, key=lambda item: (item[1] or dt.date.min, item[0])):
        path = folder / name
        if name in badly_named:
            row = bad_name_article(name, folder / badly_named[name])
        else:
            row = read_raw_article(path, folder) if os.path.lexists(path) else removed_article(name)
        row.ingestion_day = day
        if row.load_status == "ok":
            first = seen.get(row.content_hash)
            earlier = (ingested_before or {}).get(row.content_hash)
            if first is None and earlier is not None and day is not None and earlier < (day, name):
                first = earlier[1]
            if first is not None:
                row.load_status, row.raw_text, row.load_rule = "quarantined", None, "duplicate_content"
                row.load_error = f"duplicate: same content as {first}"
                row.article_id = content_hash(f"{row.source_file}|{row.content_hash}".encode())[:16]
            else:
                seen[row.content_hash] = row.source_file
        rows.append(row)
    return rows


def _badly_named(folder: Path) -> dict[str, str]:
    """Stored name -> real name, for the entries whose names are not valid UTF-8."""
    try:
        with os.scandir(folder) as entries:
            return {display_name(e.name): e.name for e in entries if display_name(e.name) != e.name}
    except OSError:
        return {}


def bad_name_article(source_file: str, path: Path) -> RawArticle:
    """A file whose name is not valid UTF-8: recorded under its spelt-out name, not read (rename it to read it)."""
    try:
        info = path.lstat()
        size, mtime_ns = info.st_size, info.st_mtime_ns
    except OSError:
        size, mtime_ns = 0, 0
    digest = content_hash(f"{source_file}|{size}|{mtime_ns}".encode())
    return RawArticle(digest[:16], source_file, size, digest, EPOCH + dt.timedelta(microseconds=mtime_ns // 1000), None,
                      "quarantined", "the file name is not valid UTF-8: not read (rename the file to read it)",
                      "bad_file_name")


def removed_article(source_file: str) -> RawArticle:
    """A file ingested earlier and since removed from the folder: accounted for, not silently dropped."""
    digest = content_hash(f"{source_file}|removed".encode())
    return RawArticle(digest[:16], source_file, 0, digest, None, None, "quarantined",
                      "the file was removed from the articles folder after it was ingested", "removed_from_folder")


def read_raw_article(path: Path, folder: Path) -> RawArticle:
    """Read one file. Bad files give a quarantined row that says why; nothing raises."""
    source_file = path.relative_to(folder).as_posix()
    try:
        stat = path.lstat()
    except FileNotFoundError:
        return vanished_article(source_file)
    modified_at = EPOCH + dt.timedelta(microseconds=stat.st_mtime_ns // 1000)  # exact, as the ledger compares it

    def quarantined(rule: str, reason: str, digest: str | None = None) -> RawArticle:
        # A file we could not read still gets a stable id, so it is counted and traceable.
        digest = digest or content_hash(f"{source_file}|{stat.st_size}|{stat.st_mtime_ns}".encode())
        return RawArticle(digest[:16], source_file, stat.st_size, digest, modified_at, None, "quarantined", reason, rule)

    if stat_mode.S_ISLNK(stat.st_mode):
        try:
            target = path.stat()
        except FileNotFoundError:
            return quarantined("broken_link", "a symbolic link to nothing (its target does not exist): not read")
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                return quarantined("link_loop", "a symbolic link that never reaches a file (a loop): not read")
            return quarantined("unreadable", f"a symbolic link that cannot be followed: {exc.strerror or exc}")
        if not path.resolve().is_relative_to(folder.resolve()):
            return quarantined("outside_folder", "a link to a file outside the articles folder: not read")
        stat = target
    if stat_mode.S_ISDIR(stat.st_mode):
        return quarantined("sub_folder", "a folder: articles are read from the folder itself, not from its sub-folders")
    if not stat_mode.S_ISREG(stat.st_mode):
        return quarantined("special_file", f"not a regular file ({_file_kind(stat.st_mode)}): not read")
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        return quarantined("unsupported_file_type",
                           f"unsupported file type {path.suffix or '(none)'}: expected .txt or .html")
    if stat.st_size > MAX_ARTICLE_BYTES:
        return quarantined("too_large", f"file is {stat.st_size} bytes, over the {MAX_ARTICLE_BYTES}-byte limit")
    try:
        data = read_regular_file(path)
    except FileNotFoundError:
        return vanished_article(source_file)
    except OSError as exc:  # locked, a file swapped for a pipe between listing and reading, …
        return quarantined("unreadable", f"could not be read: {exc.strerror or exc}")
    digest = content_hash(data)
    if not data.strip():
        return quarantined("empty_file", "empty file", digest)
    if b"\x00" in data:
        return quarantined("binary_content", "binary content (NUL bytes): not a text article", digest)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return quarantined("not_utf8", f"not valid UTF-8 (byte {exc.start}: {data[exc.start:exc.start + 1]!r})", digest)
    return RawArticle(digest[:16], source_file, stat.st_size, digest, modified_at, text, "ok", None)


def read_regular_file(path: Path) -> bytes:
    """The file's bytes — if it is still a regular file when opened: opened without blocking, so a file
    swapped for a pipe after it was listed cannot hang the run."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    with os.fdopen(fd, "rb") as fh:
        if not stat_mode.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, "no longer a regular file")
        return fh.read(MAX_ARTICLE_BYTES + 1)


def _file_kind(mode: int) -> str:
    for test, kind in ((stat_mode.S_ISFIFO, "a named pipe"), (stat_mode.S_ISSOCK, "a socket"),
                       (stat_mode.S_ISCHR, "a character device"), (stat_mode.S_ISBLK, "a block device")):
        if test(mode):
            return kind
    return "an unknown kind of file"


def vanished_article(source_file: str) -> RawArticle:
    """A file that was listed, then removed before it could be read: accounted for, with the reason."""
    digest = content_hash(f"{source_file}|vanished".encode())
    return RawArticle(digest[:16], source_file, 0, digest, None, None, "quarantined",
                      "the file was removed from the folder while it was being read", "vanished")


@dataclass
class CleanArticle:
    text: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    language: str = "unknown"
    published_date: dt.date | None = None
    published_at: dt.datetime | None = None  # UTC, when the page gives the time with its zone
    updated_date: dt.date | None = None
    # The day the article's events happened is somewhere in [date_lower, date_upper].
    date_lower: dt.date | None = None
    date_upper: dt.date | None = None
    boilerplate_removed: list[str] = field(default_factory=list)


# Whole lines that are page furniture, not journalism.
BOILERPLATE_LINE_PATTERNS = [
    r"qr ?code\s*:.*",
    r"(?:flashez|flachez|scannez) le qr ?code.*",
    r"cet article est lisible à cette adresse.*",
    r"https?://\S+",
    r"soutenez-nous",
    r"faire un don",
    r"faites un don.*",
    r"message d'abonnement",
    r"ces articles peuvent vous intéresser\s*:?",
    r"accès abonnés?",
    r"temps de lecture\s*:.*",
    r"vous souhaitez être contactée? .*",
    r"abonnez-vous.*",
    r"lire aussi\s*:.*",
    r"[\w.-]+/(?:shutterstock|getty ?images|afp|reuters|ap|istock|unsplash)",
    r"(?:publié|mis à jour|mise à jour|updated|published)(?: le| on)? .{4,40}",
]
_BOILERPLATE = re.compile(r"^\s*(?:" + "|".join(BOILERPLATE_LINE_PATTERNS) + r")\s*$", re.IGNORECASE)
# A line that opens a list of tags: the line after it is tags too.
_TAGS_HEADER = re.compile(r"^\s*mots\s*-?\s*clés?\s*:?\s*$", re.IGNORECASE)
# Appeals that run to the end of the page once they start.
_FOOTER_START = re.compile(r"^\s*(?:message d'abonnement|soutenez-nous)\s*$", re.IGNORECASE)
_UPDATED = re.compile(r"(?:mis|mise) à jour(?: le)? (?P<d>.+)|updated(?: on)? (?P<e>.+)", re.IGNORECASE)
_PUBLISHED = re.compile(r"(?:publié)(?: le)? (?P<d>.+)|published(?: on)? (?P<e>.+)", re.IGNORECASE)
_SEED_DATE_PREFIX = re.compile(r"^\s*date\s+(?P<v>\d{4}-\d{2}(?:-\d{2})?)\s+")
_HEADER_LINE = re.compile(r"^(?P<k>[a-z]+)\s*:\s*(?P<v>.*)$", re.IGNORECASE)

_STOPWORDS = {
    "fr": {"le", "la", "les", "des", "du", "de", "et", "est", "une", "un", "dans", "pour", "sur", "qui", "que", "au", "aux", "a", "ont", "par"},
    "en": {"the", "of", "and", "to", "in", "is", "a", "that", "for", "on", "with", "as", "its", "was", "by", "are", "from", "has", "at"},
}


def detect_language(text: str) -> str:
    words = re.findall(r"[a-zà-ÿ']+", text.lower())
    scores = {lang: sum(w in stop for w in words) for lang, stop in _STOPWORDS.items()}
    best = max(scores, key=scores.get)
    if scores[best] < 3 or scores[best] < 1.5 * min(scores.values()):
        return "unknown"
    return best


def html_to_text(html: str) -> tuple[str, dict[str, str]]:
    """Visible text of an HTML page (scripts and styles dropped) and the metadata it declares."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    meta: dict[str, str] = {}
    for tag in soup.find_all("meta"):
        key = (tag.get("property") or tag.get("name") or "").lower()
        content = tag.get("content")
        if not content:
            continue
        if key in {"og:site_name", "application-name"}:
            meta.setdefault("outlet", content)
        elif key in {"article:published_time", "date", "pubdate", "dc.date"}:
            meta.setdefault("published", content)
        elif key in {"og:url"}:
            meta.setdefault("url", content)
        elif key in {"og:title"}:
            meta.setdefault("title", content)
    if soup.html and soup.html.get("lang"):
        meta.setdefault("lang", soup.html["lang"][:2].lower())
    if soup.title and soup.title.string:
        meta.setdefault("title", soup.title.string.strip())
    for tag in soup(["script", "style", "noscript", "template", "nav", "footer", "header", "aside", "form"]):
        tag.decompose()
    body = soup.find("article") or soup.body or soup
    blocks = [b.get_text(" ", strip=True) for b in body.find_all(["h1", "h2", "h3", "p", "li", "blockquote"])]
    text = "\n\n".join(b for b in blocks if b) or body.get_text("\n", strip=True)
    return text, meta


def _read_header(lines: list[str]) -> tuple[dict[str, str], list[str]]:
    """Leading `key: value` lines (url, published, lang, outlet, title) followed by a blank line."""
    header: dict[str, str] = {}
    for i, line in enumerate(lines):
        if not line.strip():
            return (header, lines[i + 1 :]) if header else ({}, lines)
        m = _HEADER_LINE.match(line.strip())
        if not m or m.group("k").lower() not in HEADER_KEYS:
            return {}, lines
        header[m.group("k").lower()] = m.group("v").strip()
    return {}, lines


def clean_article(raw_text: str, source_file: str) -> CleanArticle:
    """Clean text, title, outlet, dates and language from one article's raw text."""
    meta: dict[str, str] = {}
    text = normalise(raw_text)
    if source_file.lower().endswith((".html", ".htm")):
        text, meta = html_to_text(text)
        text = normalise(text)
    header, lines = _read_header(text.split("\n"))
    meta.update(header)
    if lines and (m := _SEED_DATE_PREFIX.match(lines[0])):
        meta.setdefault("date", m.group("v"))
        lines[0] = lines[0][m.end() :]

    removed: list[str] = []
    body: list[str] = []
    skip_next_content_line = False
    outlet_line: str | None = None
    for index, line in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            body.append("")
            continue
        if _FOOTER_START.match(stripped):
            removed.extend(l.strip() for l in lines[index:] if l.strip())
            break
        if skip_next_content_line:
            removed.append(stripped)
            skip_next_content_line = False
            continue
        if _TAGS_HEADER.match(stripped):
            removed.append(stripped)
            skip_next_content_line = True
            continue
        if _BOILERPLATE.match(stripped):
            removed.append(stripped)
            if m := _UPDATED.match(stripped):
                meta.setdefault("updated", m.group("d") or m.group("e"))
            elif m := _PUBLISHED.match(stripped):
                meta.setdefault("published", m.group("d") or m.group("e"))
            elif (m := re.search(r"https?://(?:https?://)?(\S+)", stripped)) and "url" not in meta:
                meta["url"] = "https://" + m.group(1)
            continue
        # A short first line directly above a QR-code line is the outlet's name.
        nxt = next((l.strip() for l in lines[index + 1 :] if l.strip()), "")
        if not body and re.match(r"qr ?code\s*:", nxt, re.IGNORECASE) and len(stripped) < 60:
            outlet_line = stripped
            removed.append(stripped)
            continue
        body.append(line.rstrip())

    cleaned = re.sub(r"\n{3,}", "\n\n", "\n".join(body)).strip()
    article = CleanArticle(text=cleaned, boilerplate_removed=removed)
    article.url = meta.get("url")
    article.outlet = meta.get("outlet") or outlet_line or _outlet_from_url(article.url)
    article.title = meta.get("title") or _guess_title(cleaned)
    article.language = (meta.get("lang") or "").lower()[:2] or detect_language(cleaned)
    if published := meta.get("published") or meta.get("date"):
        (article.published_date, article.date_lower, article.date_upper,
         article.published_at) = read_publication(published)
    if updated := meta.get("updated"):
        article.updated_date = parse_date_value(updated)[0]
    # Events reported happened on or before the article was written.
    if article.published_date:
        article.date_upper = article.published_date
        article.date_lower = None
    elif article.updated_date and article.date_upper is None:
        article.date_upper = article.updated_date
    return article


def read_publication(value: str) -> tuple[dt.date | None, dt.date | None, dt.date | None, dt.datetime | None]:
    """A `published:` header: (exact day, first and last day of its bounds, the moment in UTC when it says one)."""
    exact, lower, upper = parse_date_value(value)
    if exact is None and (local := _local_day(value)) is not None:  # "2025-01-17T06:18:00+08:00"
        exact = lower = upper = local
    return exact, lower, upper, publication_instant(value)


def _local_day(value: str) -> dt.date | None:
    """The day an ISO 8601 date-time names where it was written."""
    try:
        return dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00")).date()
    except ValueError:
        return None


# The zones pages name beside a time ("1:57 pm ET", "12:30 JST", "(Swiss time, CET)"): a time with no zone
# is left unknown rather than guessed from the language.
_ZONES = {
    "et": "America/New_York", "est": "America/New_York", "edt": "America/New_York", "new york time": "America/New_York",
    "ct": "America/Chicago", "cst": "America/Chicago", "cdt": "America/Chicago",
    "pt": "America/Los_Angeles", "pst": "America/Los_Angeles", "pdt": "America/Los_Angeles",
    "gmt": "UTC", "utc": "UTC", "bst": "Europe/London", "london time": "Europe/London", "uk time": "Europe/London",
    "cet": "Europe/Paris", "cest": "Europe/Paris", "heure de paris": "Europe/Paris", "paris time": "Europe/Paris",
    "swiss time": "Europe/Zurich", "heure suisse": "Europe/Zurich",
    "jst": "Asia/Tokyo", "tokyo time": "Asia/Tokyo", "hkt": "Asia/Hong_Kong", "hong kong time": "Asia/Hong_Kong",
    "beijing time": "Asia/Shanghai", "sgt": "Asia/Singapore",
    "aest": "Australia/Sydney", "aedt": "Australia/Sydney", "sydney time": "Australia/Sydney",
}
_ZONE = re.compile(r"(?<![\w])(?:" + "|".join(sorted(map(re.escape, _ZONES), key=len, reverse=True)) + r")(?![\w])",
                   re.IGNORECASE)
_CLOCK = re.compile(r"(?<![\d:])(?P<h>[012]?\d)(?:[:h](?P<m>[0-5]\d))(?::(?P<s>[0-5]\d))?\s*"
                    r"(?P<ampm>[ap]\.?m\.?)?(?![\w:])", re.IGNORECASE)


def publication_instant(value: str) -> dt.datetime | None:
    """The moment a publication time names, in UTC (naive): an ISO 8601 time with its offset, or a day, a clock
    time and a zone written out ("2025-01-10 1:57 pm ET"); None without a time or a zone."""
    value = value.strip()
    try:
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        moment = None
    if moment is not None:
        if moment.tzinfo is None or len(value) <= 10:
            return None
        return moment.astimezone(dt.timezone.utc).replace(tzinfo=None)
    day, zone = parse_date_value(value)[0], _ZONE.search(value)
    clock = _CLOCK.search(value[10:] if re.match(r"\d{4}-\d\d-\d\d", value) else value)
    if day is None or zone is None or clock is None:
        return None
    hour, minute, second = int(clock.group("h")), int(clock.group("m")), int(clock.group("s") or 0)
    if ampm := clock.group("ampm"):
        if hour > 12:
            return None
        hour = hour % 12 + (12 if ampm.lower().startswith("p") else 0)
    if hour > 23:
        return None
    zone_info = ZoneInfo(_ZONES[zone.group(0).lower()])
    local = dt.datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=zone_info)
    return local.astimezone(dt.timezone.utc).replace(tzinfo=None)


def _outlet_from_url(url: str | None) -> str | None:
    if not url:
        return None
    host = urlparse(url).hostname or ""
    return host.removeprefix("www.") or None


def _guess_title(text: str) -> str | None:
    """The longest short line before the first paragraph: headlines are short and unpunctuated."""
    candidates = []
    for line in text.split("\n"):
        line = line.strip()
        if not line:
            continue
        if len(line) > 160 or line.endswith("."):
            break
        candidates.append(line)
    return max(candidates, key=len) if candidates else None


def article_record(raw: RawArticle) -> dict:
    """One row of the `articles` table: the cleaned article, or the reason it cannot be used."""
    record = {
        "article_id": raw.article_id, "source_file": raw.source_file, "title": None, "outlet": None,
        "url": None, "language": None, "published_date": None, "published_at": None, "updated_date": None,
        "date_lower": None, "date_upper": None, "text": None, "boilerplate_lines": 0,
        "status": "quarantined", "status_reason": raw.load_error, "quarantine_rule": raw.load_rule,
        "ingestion_day": raw.ingestion_day,
    }
    if raw.load_status != "ok" or raw.raw_text is None:
        return record
    cleaned = clean_article(raw.raw_text, raw.source_file)
    record.update(
        title=cleaned.title, outlet=cleaned.outlet, url=cleaned.url, language=cleaned.language,
        published_date=cleaned.published_date, published_at=cleaned.published_at, updated_date=cleaned.updated_date,
        date_lower=cleaned.date_lower, date_upper=cleaned.date_upper, text=cleaned.text,
        boilerplate_lines=len(cleaned.boilerplate_removed), status="ok", status_reason=None, quarantine_rule=None,
    )
    if not cleaned.text.strip():
        record.update(status="quarantined", quarantine_rule="only_page_furniture",
                      status_reason="no article text left after removing page furniture")
    elif cleaned.language not in SUPPORTED_LANGUAGES:
        record.update(status="quarantined", quarantine_rule="unsupported_language",
                      status_reason=f"language {cleaned.language!r} is not supported (fr, en)")
    return record


def clean_article_from_record(record: dict) -> CleanArticle:
    """The CleanArticle an `articles` row stands for (what the extractor reads)."""
    return CleanArticle(
        text=record["text"], title=record["title"], outlet=record["outlet"], url=record["url"],
        language=record["language"], published_date=record["published_date"], published_at=record.get("published_at"),
        updated_date=record["updated_date"], date_lower=record["date_lower"], date_upper=record["date_upper"],
    )
