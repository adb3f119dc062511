"""Reading a corpus folder: files, encodings, HTML, the manifest.

This is an I/O edge. It turns a folder into `Document` records and a list of
`Skipped` reasons; nothing here raises for a bad document, only for a missing
or empty corpus (`CorpusError`).
"""

from __future__ import annotations

import csv
import html
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import Path

from etl.csvfile import plain_cell
from etl.dates import find_full_date

TEXT_SUFFIXES = (".txt", ".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm")
MANIFEST_NAME = "manifest.csv"
MANIFEST_COLUMNS = ("file", "title", "outlet", "published", "url")
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
# A news article is a few thousand words; a text this long is a dump, and parsing it
# would take minutes and gigabytes. Longer paragraphs than `clean.PARAGRAPH_LIMIT` are cut.
MAX_TEXT_CHARS = 500_000


class CorpusError(Exception):
    """The corpus as a whole cannot be read (missing folder, no readable document)."""


@dataclass(frozen=True)
class Document:
    doc_id: str
    file: str
    text: str
    title: str = ""
    outlet: str = ""
    published: date | None = None
    published_source: str = ""
    url: str = ""
    is_html: bool = False

    @property
    def source_name(self) -> str:
        """What a reader calls this source: the outlet, else the file name."""
        return self.outlet or self.file


@dataclass(frozen=True)
class Skipped:
    file: str
    reason: str


@dataclass(frozen=True)
class ManifestRow:
    file: str
    title: str = ""
    outlet: str = ""
    published: date | None = None
    url: str = ""


@dataclass
class Corpus:
    documents: list[Document] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


# ---- decoding -----------------------------------------------------------------


class DecodeError(ValueError):
    pass


def decode_bytes(raw: bytes, fallback_encoding: str | None = None) -> tuple[str, str]:
    """Decode raw bytes; returns (text, encoding used). Raises DecodeError with a reason."""
    if not raw.strip():
        raise DecodeError("empty file")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16"), "utf-16"
    if b"\x00" in raw[:8192]:
        raise DecodeError("binary file (NUL bytes), not text")
    try:
        return raw.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError as exc:
        if fallback_encoding:
            try:
                return raw.decode(fallback_encoding), fallback_encoding
            except (UnicodeDecodeError, LookupError) as exc2:
                raise DecodeError(
                    f"not UTF-8 and not {fallback_encoding} either ({exc2})"
                ) from exc2
        raise DecodeError(
            f"not valid UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start}); "
            "re-save as UTF-8 or pass --fallback-encoding"
        ) from exc


# Control characters other than newline and tab (NUL included, wherever it is) and the
# bidirectional controls that reorder what is displayed ("U+202E" reverses a name).
_UNSAFE_CHARS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]"
)


def neutralise(text: str) -> str:
    """`text` without control characters and bidi overrides (newlines and tabs kept)."""
    return _UNSAFE_CHARS.sub("", text)


# ---- HTML ---------------------------------------------------------------------

_BLOCK_TAGS = {
    "p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section",
    "article", "blockquote", "pre", "ul", "ol", "table", "figure", "hr",
}  # fmt: skip
_SKIP_TAGS = {
    "script", "style", "noscript", "nav", "header", "footer", "aside", "form",
    "figcaption", "svg", "iframe", "button", "template", "head",
}  # fmt: skip


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip_depth = 0
        self.title = ""
        self.meta: dict[str, str] = {}
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "meta":
            a = {k: v or "" for k, v in attrs}
            key = a.get("property") or a.get("name") or ""
            if key:
                self.meta[key.lower()] = a.get("content", "")
            return
        if tag == "title":
            self._in_title = True
        if tag in _SKIP_TAGS:
            self.skip_depth += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag in _SKIP_TAGS and self.skip_depth:
            self.skip_depth -= 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
            return
        if not self.skip_depth:
            self.parts.append(data)


@dataclass(frozen=True)
class HtmlText:
    text: str
    title: str
    published: date | None
    outlet: str


def html_to_text(markup: str) -> HtmlText:
    """Strip tags, scripts, styles and page furniture; keep block structure as lines."""
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    raw = "".join(parser.parts)
    lines = [re.sub(r"[ \t\u00a0]+", " ", ln).strip() for ln in raw.splitlines()]
    text = "\n".join(ln for ln in lines if ln)
    published = None
    for key in ("article:published_time", "date", "pubdate", "dc.date"):
        if parser.meta.get(key):
            published = parse_published(parser.meta[key])
            if published:
                break
    outlet = parser.meta.get("og:site_name", "")
    return HtmlText(text, html.unescape(parser.title.strip()), published, outlet)


def looks_like_html(text: str) -> bool:
    head = text[:2000].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or bool(
        re.search(r"<(html|body|head|p|div|script)[\s>]", head)
    )


# ---- manifest -----------------------------------------------------------------


def parse_published(value: str) -> date | None:
    value = value.strip()
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        return None


def parse_manifest(text: str) -> tuple[dict[str, ManifestRow], list[str]]:
    """Parse manifest.csv text. Returns rows by file name and per-row error messages.

    Raises ValueError when the manifest as a whole is unusable (no `file` column).
    """
    reader = csv.DictReader(io.StringIO(text))
    fields = [f.strip().lower() for f in (reader.fieldnames or [])]
    if "file" not in fields:
        raise ValueError(f"manifest has no 'file' column (columns: {', '.join(fields) or 'none'})")
    rows: dict[str, ManifestRow] = {}
    errors: list[str] = []
    for lineno, row in enumerate(reader, start=2):
        clean = {
            (k or "").strip().lower(): plain_cell((v or "").strip()) for k, v in row.items() if k
        }
        name = clean.get("file", "")
        if not name:
            errors.append(f"manifest line {lineno}: empty 'file'")
            continue
        pub_raw = clean.get("published", "")
        published = parse_published(pub_raw)
        if pub_raw and published is None:
            errors.append(
                f"manifest line {lineno}: bad published date {pub_raw!r} for {name} "
                "(expected YYYY-MM-DD); date taken from the text if it states one"
            )
        if name in rows:
            errors.append(f"manifest line {lineno}: {name} listed twice; first row kept")
            continue
        rows[name] = ManifestRow(
            file=name,
            title=clean.get("title", ""),
            outlet=clean.get("outlet", ""),
            published=published,
            url=clean.get("url", ""),
        )
    return rows, errors


# ---- folder -------------------------------------------------------------------


def doc_id_for(file_name: str) -> str:
    stem = Path(file_name).stem
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", stem)


def read_document(
    path: Path,
    meta: ManifestRow | None,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    fallback_encoding: str | None = None,
) -> Document:
    """Read one file into a Document. Raises DecodeError with the reason it is unusable."""
    size = path.stat().st_size
    if size > max_bytes:
        raise DecodeError(f"file too large ({size / 1e6:.1f} MB > limit {max_bytes / 1e6:.1f} MB)")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DecodeError(f"unreadable ({exc.strerror or exc})") from exc
    return document_from_bytes(path.name, raw, meta, fallback_encoding=fallback_encoding)


def document_from_bytes(
    name: str,
    raw: bytes,
    meta: ManifestRow | None,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    fallback_encoding: str | None = None,
) -> Document:
    """One article from its bytes (a file or an upload); DecodeError says why it is unusable."""
    if Path(name).suffix.lower() not in TEXT_SUFFIXES + HTML_SUFFIXES:
        kinds = ", ".join(TEXT_SUFFIXES + HTML_SUFFIXES)
        raise DecodeError(f"unsupported file type {Path(name).suffix or '(none)'} (use {kinds})")
    if len(raw) > max_bytes:
        raise DecodeError(
            f"file too large ({len(raw) / 1e6:.1f} MB > limit {max_bytes / 1e6:.1f} MB)"
        )
    text, _ = decode_bytes(raw, fallback_encoding)
    text = neutralise(text.replace("\r\n", "\n").replace("\r", "\n"))
    is_html = Path(name).suffix.lower() in HTML_SUFFIXES or looks_like_html(text)
    title, outlet, published, source = "", "", None, ""
    if is_html:
        extracted = html_to_text(text)
        text, title, outlet = extracted.text, extracted.title, extracted.outlet
        if extracted.published:
            published, source = extracted.published, "html meta"
        text = neutralise(text)  # character references can spell controls too
    if not text.strip():
        raise DecodeError("no text after removing markup" if is_html else "empty file")
    if len(text) > MAX_TEXT_CHARS:
        raise DecodeError(
            f"too long to extract ({len(text):,} characters of text > {MAX_TEXT_CHARS:,}); "
            "split it into one file per article"
        )
    if meta:
        title = meta.title or title
        outlet = meta.outlet or outlet
        if meta.published:
            published, source = meta.published, "manifest"
    if published is None:
        found = find_full_date(text[:3000])
        if found:
            published, source = found, "text"
    return Document(
        doc_id=doc_id_for(name),
        file=neutralise(name),
        text=text,
        title=neutralise(title),
        outlet=neutralise(outlet),
        published=published,
        published_source=source,
        url=neutralise(meta.url) if meta else "",
        is_html=is_html,
    )


def read_corpus(
    folder: Path,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    fallback_encoding: str | None = None,
) -> Corpus:
    """Read every article in `folder`. Bad files are skipped with a reason, never fatal."""
    if not folder.exists():
        raise CorpusError(f"input folder not found: {folder}")
    if not folder.is_dir():
        raise CorpusError(f"input is not a folder: {folder}")
    corpus = Corpus()
    manifest: dict[str, ManifestRow] = {}
    manifest_path = folder / MANIFEST_NAME
    if manifest_path.exists():
        try:
            mtext, _ = decode_bytes(manifest_path.read_bytes(), fallback_encoding)
            manifest, errors = parse_manifest(mtext)
            corpus.warnings.extend(errors)
        except (DecodeError, ValueError, csv.Error, OSError) as exc:
            corpus.warnings.append(f"{MANIFEST_NAME}: ignored, {exc}")
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.name != MANIFEST_NAME)
    names = {p.name for p in files}
    for name in manifest:
        if name not in names:
            corpus.warnings.append(f"{MANIFEST_NAME}: lists {name}, which is not in the folder")
    for path in files:
        if path.name.startswith("."):
            continue
        if path.suffix.lower() not in TEXT_SUFFIXES + HTML_SUFFIXES:
            corpus.skipped.append(
                Skipped(path.name, f"unsupported file type {path.suffix or '(none)'}")
            )
            continue
        try:
            doc = read_document(
                path,
                manifest.get(path.name),
                max_bytes=max_bytes,
                fallback_encoding=fallback_encoding,
            )
        except DecodeError as exc:
            corpus.skipped.append(Skipped(path.name, str(exc)))
            continue
        corpus.documents.append(doc)
    if not corpus.documents:
        detail = "; ".join(f"{s.file}: {s.reason}" for s in corpus.skipped[:5])
        raise CorpusError(f"no readable document in {folder}" + (f" ({detail})" if detail else ""))
    return corpus
