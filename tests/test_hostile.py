"""Hostile and unlucky input: each test reproduces one defect found by trying the tool."""

import json
import re
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from dashboard.plain import literal
from etl.build import ADDED_DIR, QUARANTINE_DIR, Upload, UploadError, add_articles, build
from etl.clean import PARAGRAPH_LIMIT, clean
from etl.cli import main
from etl.csvfile import FORMULA_PREFIXES, frame_bytes, plain_cell, rows_bytes
from etl.ingest import DecodeError, Document, document_from_bytes, parse_manifest
from etl.nlp import load_analyzer
from etl.outputs import write_outputs
from etl.pipeline import run

ARTICLE = (
    "Russian forces shelled the city of Kharkiv on Tuesday, regional officials said.\n"
    "Two people were killed in the attack on a market, the governor said.\n"
)


def write_article(folder: Path, name: str, text: str = ARTICLE) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    manifest = folder / "manifest.csv"
    if not manifest.exists():
        manifest.write_text("file,title,outlet,published,url\n", encoding="utf-8")
    with manifest.open("a", encoding="utf-8") as fh:
        fh.write(f"{name},,Test Wire,2025-03-12,\n")


# 1. one long article must not break the data folder


def test_long_paragraphs_are_cut_at_sentence_ends_with_their_offsets():
    text = "Shells hit the town. " * 3000
    paragraphs, _ = clean(text)
    assert len(paragraphs) > 1
    assert all(len(p.text) <= PARAGRAPH_LIMIT for p in paragraphs)
    assert all(text[p.start : p.end] == p.text and p.text.endswith(".") for p in paragraphs)


def test_a_text_too_long_to_extract_is_refused_with_its_reason():
    with pytest.raises(DecodeError, match="too long to extract"):
        document_from_bytes("dump.txt", b"word " * 250_000, None)


def test_run_on_a_folder_with_a_huge_one_line_file_skips_it_and_exits_0(tmp_path, capsys):
    write_article(tmp_path / "in", "good.txt")
    (tmp_path / "in" / "huge.txt").write_bytes(b"Shells fell on the town " * 220_000)
    code = main(["run", "--input", str(tmp_path / "in"), "--output", str(tmp_path / "out"),
                 "--no-progress"])  # fmt: skip
    assert code == 0
    assert "skipped huge.txt: too long to extract" in capsys.readouterr().err
    report = json.loads((tmp_path / "out" / "run_report.json").read_text())
    assert [d["file"] for d in report["documents_read"]] == ["good.txt"]


class FailingOn:
    """A real analyzer that fails on the documents holding a word (an unlucky document)."""

    def __init__(self, word: str) -> None:
        self.inner = load_analyzer()
        self.name = self.inner.name
        self.word = word

    def sentences(self, paragraphs):
        if any(self.word in p.text for p in paragraphs):
            raise MemoryError("the parser ran out of memory")
        return self.inner.sentences(paragraphs)


def test_a_document_that_fails_extraction_is_skipped_and_the_run_goes_on():
    docs = [
        Document("a", "a.txt", ARTICLE, outlet="Wire", published=date(2025, 3, 12)),
        Document("b", "b.txt", ARTICLE + "Poison.\n", outlet="Wire", published=date(2025, 3, 12)),
    ]
    result = run(docs, analyzer=FailingOn("Poison"))
    skipped = result.report["documents_skipped"]
    assert skipped == [
        {"file": "b.txt", "reason": "extraction failed (MemoryError: the parser ran out of memory)"}
    ]
    assert [d["file"] for d in result.report["documents_read"]] == ["a.txt"]
    assert result.events and {m.file for m in result.mentions} == {"a.txt"}


def test_an_added_article_that_cannot_be_extracted_is_quarantined(tmp_path):
    write_article(tmp_path / "in", "good.txt")
    data = tmp_path / "data"
    build(tmp_path / "in", data, use_cache=False)
    result = add_articles(data, [Upload("bad.txt", (ARTICLE + "Poison.\n").encode())],
                          outlet="Wire", published=date(2025, 3, 12),
                          analyzer=FailingOn("Poison"))  # fmt: skip
    assert [q["file"] for q in result.run.report["quarantined"]] == ["bad.txt"]
    assert not (data / ADDED_DIR / "bad.txt").exists()
    assert (data / QUARANTINE_DIR / "bad.txt").is_file()
    assert "MemoryError" in (data / QUARANTINE_DIR / "bad.txt.reason.txt").read_text()
    assert "bad.txt" not in (data / ADDED_DIR / "manifest.csv").read_text()
    # later runs and adds work again
    again = add_articles(data, [Upload("next.txt", ARTICLE.replace("Tuesday", "Monday").encode())],
                         outlet="Wire", published=date(2025, 3, 12))  # fmt: skip
    assert again.run.report["documents_skipped"] == []
    assert "next.txt" in {d["file"] for d in again.run.report["documents_read"]}


def test_a_long_pasted_article_is_refused_before_anything_is_stored(tmp_path):
    write_article(tmp_path / "in", "good.txt")
    data = tmp_path / "data"
    build(tmp_path / "in", data, use_cache=False)
    with pytest.raises(UploadError, match="too long to extract"):
        add_articles(data, [Upload("long.txt", b"x " * 600_000)], outlet="W",
                     published=date(2025, 3, 12))  # fmt: skip
    assert not (data / ADDED_DIR / "long.txt").exists()


# 3. Markdown in user text arrives as literal characters


@pytest.mark.parametrize(
    "text",
    [
        "[click](http://evil.example/x) ![img](http://evil.example/p.png)",
        "<b>bold</b> <img src=x onerror=alert(1)>",
        "**loud** _it_ `code` # heading :red[alarm] :material/home: $x^2$",
        "https://evil.example/auto www.evil.example",
    ],
)
def test_literal_escapes_every_markdown_and_html_sign(text):
    out = literal(text)
    assert "<" not in out and ">" not in out
    unescaped = re.sub(r"\\.", "", out)
    assert not re.search(r"[\[\]()!*_`#:$/.]", unescaped)
    assert re.sub(r"\\(.)", r"\1", out).replace("&lt;", "<").replace("&gt;", ">") == text


# 5. every CSV formula-safe; controls and bidi overrides neutralised


def test_events_and_mentions_csv_are_formula_safe(tmp_path):
    events = pd.DataFrame(
        {"event_id": ["E1"], "summary": ['=HYPERLINK("http://x","y")'], "n": [-3]}
    )
    mentions = pd.DataFrame({"quote": ["@SUM(A1)", "+1", "-x", "fine"]})
    write_outputs(tmp_path, events, mentions, {})
    ev = (tmp_path / "events.csv").read_text("utf-8")
    assert "'=HYPERLINK" in ev and ",-3" in ev
    quotes = pd.read_csv(tmp_path / "mentions.csv", dtype=str)["quote"].tolist()
    assert quotes == ["'@SUM(A1)", "'+1", "'-x", "fine"]
    assert not any(q.startswith(FORMULA_PREFIXES) for q in quotes)
    assert [plain_cell(q) for q in quotes] == ["@SUM(A1)", "+1", "-x", "fine"]


def test_manifest_rows_round_trip_through_the_safe_writer():
    data = rows_bytes(["file", "title", "outlet", "published", "url"],
                      [["a.txt", "=cmd", "-Wire", "2025-03-12", ""]]).decode()  # fmt: skip
    rows, errors = parse_manifest(data)
    assert "'=cmd" in data and errors == []
    assert (rows["a.txt"].title, rows["a.txt"].outlet) == ("=cmd", "-Wire")


def test_nul_bytes_after_8kb_and_bidi_overrides_are_removed_at_ingest():
    raw = ("Shells fell. " * 800).encode() + b"\x00\x00 more text\x07.\n"
    doc = document_from_bytes("a.txt", raw, None)
    assert "\x00" not in doc.text and "\x07" not in doc.text
    meta, _ = parse_manifest("file,outlet\na.txt,Daily \u202eseirT\n")
    doc = document_from_bytes("a.txt", b"Shells fell on the town today.\n", meta["a.txt"])
    assert doc.outlet == "Daily seirT"
    html = b"<html><body><p>Shells&#0; fell &#x202E;today on the town.</p></body></html>"
    assert "\u202e" not in document_from_bytes("a.html", html, None).text


def test_frame_bytes_for_spreadsheets_has_bom_and_crlf():
    data = frame_bytes(pd.DataFrame({"a": ["=1"]}), for_spreadsheets=True)
    assert data.startswith("\ufeff".encode()) and data.endswith(b"\r\n") and b"'=1" in data


# 6. outlets with ';' stay one source; url and title reach the event


def test_an_outlet_with_a_semicolon_is_one_source_and_articles_are_linked(tmp_path):
    from dashboard import acled, briefing, detail
    from dashboard.data import load_mentions, read_events
    from dashboard.filters import split_list

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "b.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "manifest.csv").write_text(
        "file,title,outlet,published,url\n"
        'a.txt,Market shelled,"Daily Times (Lahore; wire copy)",2025-03-12,https://example.org/a\n'
        "b.txt,Second report,Other Wire,2025-03-12,javascript:alert(1)\n",
        encoding="utf-8",
    )
    data = tmp_path / "data"
    build(folder, data, use_cache=False)
    for path in (data / "events.csv", data / "events.parquet"):
        events = read_events(path)
        assert set(split_list(events["sources"])) == {
            "Daily Times (Lahore; wire copy)",
            "Other Wire",
        }
        assert events["source_count"].max() == 2
    assert pd.read_parquet(data / "events.parquet")["sources"].map(list).map(len).max() == 2
    events = read_events(data / "events.csv")
    top = events.loc[events["source_count"].idxmax()]
    assert "Daily Times (Lahore\\; wire copy); Other Wire" in set(
        acled.to_acled(events)["source"]
    ) or ("Other Wire; Daily Times (Lahore\\; wire copy)" in set(acled.to_acled(events)["source"]))
    mentions = load_mentions(data)
    shown = detail.sources(mentions, top["event_id"])
    assert set(shown["title"]) == {"Market shelled", "Second report"}
    assert set(shown["url"].dropna()) == {"https://example.org/a"}  # no javascript: link
    page = briefing.events_html(events)
    assert 'href="https://example.org/a"' in page and "javascript:" not in page
