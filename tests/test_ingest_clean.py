from datetime import date

import pytest

from etl.clean import classify_line, clean
from etl.ingest import (
    CorpusError,
    DecodeError,
    decode_bytes,
    html_to_text,
    parse_manifest,
    read_corpus,
)


def test_decoding_bom_and_fallback():
    assert decode_bytes("\ufeffKyiv".encode("utf-8"))[0] == "Kyiv"
    with pytest.raises(DecodeError, match="not valid UTF-8"):
        decode_bytes("café".encode("cp1252"))
    assert decode_bytes("café".encode("cp1252"), "cp1252")[0] == "café"
    with pytest.raises(DecodeError, match="binary"):
        decode_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    with pytest.raises(DecodeError, match="empty"):
        decode_bytes(b"  \n")


def test_html_strips_scripts_and_keeps_blocks():
    page = (
        "<html><head><title>T</title><meta property='article:published_time' "
        "content='2025-03-12T10:00:00Z'><script>alert('x')</script></head>"
        "<body><nav>Home | World</nav><p>Russian forces retook Sudzha.</p><p>Second para.</p></body></html>"
    )
    out = html_to_text(page)
    assert out.text == "Russian forces retook Sudzha.\nSecond para."
    assert out.published == date(2025, 3, 12) and out.title == "T"


def test_manifest_errors_are_per_row():
    rows, errors = parse_manifest(
        "file,outlet,published\na.txt,X,2025-03-12\nb.txt,Y,12/03/2025\n,Z,\n"
    )
    assert rows["a.txt"].published == date(2025, 3, 12)
    assert rows["b.txt"].published is None
    assert any("line 3" in e and "bad published date" in e for e in errors)
    assert any("line 4" in e for e in errors)
    with pytest.raises(ValueError, match="no 'file' column"):
        parse_manifest("name,outlet\na.txt,X\n")


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("Leave a Reply", "comments"),
        ("Your email address will not be published. Required fields are marked *", "comments"),
        ("after newsletter promotion", "newsletter"),
        ("Anton TroianovskiNataliya Vasilyeva", "byline"),
        ("Image", "post separator"),
        (
            "A picture of the meeting in Jeddah. Credit…Ukrainian Presidential Press Service",
            "caption",
        ),
        (
            "Russia Recaptures 64% of Kursk Territory: Is Ukrainian Control Coming to an End?",
            "headline",
        ),
        ("Ivan Nechepurenko contributed reporting.", "credit"),
        ("Russian forces launched 117 drones at Ukraine overnight.", ""),
    ],
)
def test_page_chrome_is_classified(line, kind):
    assert classify_line(line) == kind


def test_clean_keeps_offsets_and_posts():
    text = "First post text here today.\n\nJane Doe\n\nSecond post text goes here.\nLeave a Reply"
    paragraphs, dropped = clean(text)
    assert [p.text for p in paragraphs] == [
        "First post text here today.",
        "Second post text goes here.",
    ]
    assert all(text[p.start : p.end] == p.text for p in paragraphs)
    assert [p.post for p in paragraphs] == [0, 1]
    assert {d.kind for d in dropped} == {"byline", "comments"}


def test_missing_or_empty_corpus(tmp_path):
    with pytest.raises(CorpusError, match="not found"):
        read_corpus(tmp_path / "nope")
    (tmp_path / "empty.txt").write_text("")
    with pytest.raises(CorpusError, match="no readable document"):
        read_corpus(tmp_path)


def test_undated_document_takes_date_from_text(tmp_path):
    (tmp_path / "a.txt").write_text("March 12, 2025\nRussian forces retook Sudzha on Tuesday.")
    (doc,) = read_corpus(tmp_path).documents
    assert doc.published == date(2025, 3, 12) and doc.published_source == "text"
