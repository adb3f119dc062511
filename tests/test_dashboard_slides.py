"""The PowerPoint briefing, read back with python-pptx."""

import io
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import fitz
import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from dashboard import export_cli, slides
from dashboard.briefing import key_events, numbered

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


def png(width: int = 40, height: int = 20) -> bytes:
    """A real (grey) PNG image, made without a browser."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def titles(prs) -> list[str]:
    return [s.shapes.title.text if s.shapes.title is not None else "" for s in prs.slides]


def paragraphs(slide) -> list[str]:
    return [p.text for sh in slide.shapes if sh.has_text_frame for p in sh.text_frame.paragraphs]


def pictures(slide) -> list:
    return [sh for sh in slide.shapes if sh.shape_type == MSO_SHAPE_TYPE.PICTURE]


def test_slides_hold_title_charts_numbered_events_caveats_and_sources(small_events, monkeypatch):
    monkeypatch.setattr(slides, "EVENTS_PER_SLIDE", 5)
    data = slides.briefing_pptx(
        small_events, numbered(small_events), None, "actors: Russia", png(), png(30, 30)
    )
    prs = Presentation(io.BytesIO(data))
    assert titles(prs) == [
        "Conflict events briefing", "Timeline", "Map", "Key events (1 of 2)",
        "Key events (2 of 2)", "Caveats", "Sources",
    ]  # fmt: skip
    first = prs.slides[0]
    assert "actors: Russia" in first.placeholders[1].text
    assert "8 events" in first.placeholders[1].text
    assert [len(pictures(s)) for s in list(prs.slides)[1:3]] == [1, 1]
    blob = pictures(prs.slides[2])[0].image.blob
    assert blob == png(30, 30)
    for pic in (pictures(prs.slides[1])[0], pictures(prs.slides[2])[0]):
        assert pic.left >= 0 and pic.left + pic.width <= prs.slide_width
        assert pic.top + pic.height <= prs.slide_height
    lines = [t for s in list(prs.slides)[3:5] for t in paragraphs(s)[1:] if t[:1].isdigit()]
    numbers = [t.split(".")[0] for t in lines if ". " in t and t.split(".")[0].isdigit()]
    assert numbers == [str(i) for i in range(1, 9)]
    expected = key_events(small_events)
    assert any(expected[0]["summary"][:30] in t for t in lines)
    notes = prs.slides[3].notes_slide.notes_text_frame.text
    assert notes.startswith("1. “")  # the evidence quote of event 1 for the speaker
    assert any("dates are approximate" in t for t in paragraphs(prs.slides[5]))
    assert "Outlet A (4 events)" in paragraphs(prs.slides[6])


def test_long_summaries_are_shortened_and_many_sources_split(small_events):
    many = small_events.assign(
        summary="word " * 100, sources=[f"Outlet {i}" for i in range(len(small_events))]
    )
    prs = Presentation(
        io.BytesIO(slides.briefing_pptx(many, numbered(many), None, "all", png(), png()))
    )
    heads = [t for t in paragraphs(prs.slides[3]) if t.startswith("1. ")]
    assert heads and len(heads[0]) <= slides.SUMMARY_CHARS + 3 and heads[0].endswith("…")
    assert slides.chunks(list(range(30)), 14) == [list(range(14)), list(range(14, 28)), [28, 29]]


@pytest.mark.slow
def test_export_cli_renders_the_charts_locally(seed_data, tmp_path):
    out = tmp_path / "b.pptx"
    args = ["--data", str(seed_data), "--actors", "Russia,Ukraine", "--format", "pptx"]
    assert export_cli.main([*args, "-o", str(out)]) == 0
    prs = Presentation(str(out))
    images = [pictures(s)[0].image for s in list(prs.slides)[1:3]]
    assert [i.content_type for i in images] == ["image/png", "image/png"]
    assert all(i.size[0] >= 1200 and len(i.blob) > 20_000 for i in images)  # drawn charts


def test_no_browser_for_the_charts_is_a_message_not_a_file(
    seed_data, tmp_path, monkeypatch, capsys
):
    monkeypatch.setattr("dashboard.render.browser_path", lambda: None)
    out = tmp_path / "b.pptx"
    code = export_cli.main(["--data", str(seed_data), "--format", "pptx", "-o", str(out)])
    assert code == 1 and not out.exists()
    assert "needs Chromium" in capsys.readouterr().err


def rendered_pages(pptx: bytes, tmp_path: Path) -> list:
    """The slides as LibreOffice draws them: (page, text spans with their boxes) per slide."""
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.fail("LibreOffice is not installed: run ./run test, which installs it")
    src = tmp_path / "briefing.pptx"
    src.write_bytes(pptx)
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(src)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    doc = fitz.open(tmp_path / "briefing.pdf")
    pages = []
    for page in doc:
        spans = [
            (span["text"], fitz.Rect(span["bbox"]))
            for block in page.get_text("dict")["blocks"]
            for line in block.get("lines", [])
            for span in line["spans"]
            if span["text"].strip()
        ]
        pages.append((page, spans))
    return pages


@pytest.mark.slow
def test_rendered_slides_keep_every_text_inside_the_slide(seed_data, tmp_path):
    """The pptx drawn by LibreOffice: every text inside its slide, the title slide's
    title and subtitle apart, the timeline and map images present; PNGs of the slides
    go to test-artifacts/."""
    from dashboard.basemap import read_basemap
    from dashboard.data import load_events
    from dashboard.pack import Format, render

    events = load_events(seed_data)
    long_filters = "actors: " + " or ".join(sorted(set(events["actor1"].dropna()))[:12])
    data = render(events, Format.PPTX, long_filters, None, read_basemap())
    pages = rendered_pages(data, tmp_path)
    assert len(pages) == len(Presentation(io.BytesIO(data)).slides)
    ARTIFACTS.mkdir(exist_ok=True)
    for number, (page, spans) in enumerate(pages, start=1):
        inside = fitz.Rect(page.rect.x0 - 1, page.rect.y0 - 1, page.rect.x1 + 1, page.rect.y1 + 1)
        outside = [text for text, box in spans if not inside.contains(box)]
        assert not outside, (number, outside)
        page.get_pixmap(dpi=60).save(ARTIFACTS / f"slide-{number:02d}.png")
    spans = pages[0][1]
    title = [box for text, box in spans if "briefing" in text.lower()]
    rest = [box for text, box in spans if "briefing" not in text.lower()]
    assert title and rest and all(not t.intersects(r) for t in title for r in rest)
    assert all(p.get_images() for p, _ in pages[1:3])  # the timeline and the map
