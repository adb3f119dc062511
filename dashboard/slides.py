"""A briefing as PowerPoint slides (python-pptx; pure: bytes in, bytes out).

Slides: a title slide (as-of date, filters, event count), the timeline, the map with
the briefing numbers, the numbered key events split over as many slides as needed
(each event's evidence quote in the speaker notes), the caveats, and the sources.
The chart images come from the caller (`dashboard.render.figure_png`), so this
module never starts a browser.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date

import pandas as pd
import plotly.graph_objects as go
from pptx import Presentation
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE
from pptx.slide import Slide
from pptx.util import Emu, Inches, Pt

from dashboard.briefing import TITLE, caveats, key_events, numbered, sources

EVENTS_PER_SLIDE = 6
SOURCES_PER_SLIDE = 14
SUMMARY_CHARS = 170
WIDTH, HEIGHT = Inches(13.333), Inches(7.5)
TITLE_LAYOUT, TITLE_ONLY_LAYOUT = 0, 5


def still(fig: go.Figure) -> go.Figure:
    """A copy of a dashboard figure fit for a slide: no range slider, larger type, the
    axis labels given the room they need."""
    out = go.Figure(fig)
    out.update_layout(font={"size": 16}, paper_bgcolor="white",
                      margin={"l": 20, "r": 30, "t": 40, "b": 20})  # fmt: skip
    if out.layout.xaxis.type == "date":
        out.update_layout(xaxis={"rangeslider": {"visible": False}}, yaxis={"automargin": True})
    return out


def chunks(items: Sequence, size: int) -> list[Sequence]:
    return [items[i : i + size] for i in range(0, len(items), size)] or [items[:0]]


def _short(text: str, limit: int = SUMMARY_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _fit(shape, left: Emu, top: Emu, width: Emu, height: Emu) -> None:
    shape.left, shape.top, shape.width, shape.height = left, top, width, height
    frame = shape.text_frame
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.vertical_anchor = MSO_ANCHOR.TOP


def _title_slide(prs: Presentation, as_of: date | None, filters_line: str, count: int) -> None:
    """Title and subtitle in boxes of their own, one above the other, inside the slide."""
    slide = prs.slides.add_slide(prs.slide_layouts[TITLE_LAYOUT])
    head, sub = slide.shapes.title, slide.placeholders[1]
    _fit(head, Inches(0.8), Inches(1.6), WIDTH - Inches(1.6), Inches(1.3))
    _fit(sub, Inches(0.8), Inches(3.2), WIDTH - Inches(1.6), Inches(3.4))
    head.text = TITLE
    head.text_frame.paragraphs[0].font.size = Pt(40)
    day = as_of.isoformat() if as_of else "unknown"
    lines = [f"Data as of {day}", _short(filters_line, 200), f"{count} events"]
    sub.text = "\n".join(lines)
    for para in sub.text_frame.paragraphs:
        para.font.size = Pt(22)


def _titled(prs: Presentation, title: str) -> Slide:
    slide = prs.slides.add_slide(prs.slide_layouts[TITLE_ONLY_LAYOUT])
    head = slide.shapes.title
    head.left, head.top, head.width, head.height = (
        Inches(0.5),
        Inches(0.3),
        WIDTH - Inches(1),
        Inches(1),
    )
    head.text = title
    head.text_frame.paragraphs[0].font.size = Pt(32)
    return slide


def _body(slide: Slide):
    box = slide.shapes.add_textbox(Inches(0.6), Inches(1.45), WIDTH - Inches(1.2), Inches(5.8))
    frame = box.text_frame
    frame.word_wrap = True
    return frame


def _picture(prs: Presentation, title: str, png: bytes, caption: str) -> None:
    slide = _titled(prs, title)
    top, room = Inches(1.35), HEIGHT - Inches(1.35) - Inches(0.85)
    pic = slide.shapes.add_picture(io.BytesIO(png), Inches(0.5), top, height=room)
    if pic.width > WIDTH - Inches(1.0):
        ratio = (WIDTH - Inches(1.0)) / pic.width
        pic.width, pic.height = Emu(int(pic.width * ratio)), Emu(int(pic.height * ratio))
    pic.left = Emu(int((WIDTH - pic.width) / 2))
    note = slide.shapes.add_textbox(
        Inches(0.5), HEIGHT - Inches(0.8), WIDTH - Inches(1), Inches(0.7)
    )
    note.text_frame.word_wrap = True
    note.text_frame.text = caption
    note.text_frame.paragraphs[0].font.size = Pt(12)


def _events_slides(prs: Presentation, key: pd.DataFrame) -> None:
    lines = key_events(key)
    evidence = dict(zip(key["event_id"].astype(str), key["evidence"], strict=True))
    groups = chunks(lines, EVENTS_PER_SLIDE)
    for page, group in enumerate(groups, start=1):
        suffix = f" ({page} of {len(groups)})" if len(groups) > 1 else ""
        slide = _titled(prs, f"Key events{suffix}")
        frame = _body(slide)
        notes = []
        for i, line in enumerate(group):
            head = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            head.text = f"{line['number']}. {_short(line['summary'])}"
            head.font.size, head.font.bold = Pt(20), True
            sub = frame.add_paragraph()
            sub.text = f"{line['date']} · {line['place']} · {line['status']} · {line['sources']}"
            sub.font.size = Pt(14)
            sub.space_after = Pt(8)
            quote = evidence.get(line["event_id"])
            if isinstance(quote, str) and quote:
                notes.append(f"{line['number']}. “{quote}”")
        slide.notes_slide.notes_text_frame.text = "\n".join(notes)


def _list_slide(prs: Presentation, title: str, items: Sequence[str], size: int) -> None:
    frame = _body(_titled(prs, title))
    for i, item in enumerate(items):
        para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        para.text = item
        para.font.size = Pt(size)
        para.space_after = Pt(6)


def briefing_pptx(
    events: pd.DataFrame,
    key: pd.DataFrame,
    as_of: date | None,
    filters_line: str,
    timeline_png: bytes,
    map_png: bytes,
) -> bytes:
    """The slides as .pptx bytes."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = WIDTH, HEIGHT
    _title_slide(prs, as_of, filters_line, len(events))
    _picture(
        prs,
        "Timeline",
        timeline_png,
        "One mark per event, in its first actor's lane; bars span uncertain dates; arrows at "
        "the edge are events before or after the window, with their dates. Numbers are those "
        "of the key events list.",
    )
    _picture(prs, "Map", map_png, "Numbers are those of the key events list.")
    _events_slides(prs, numbered(key))
    _list_slide(prs, "Caveats", caveats(events), 22)
    listed = [f"{name} ({n} event{'s' if n != 1 else ''})" for name, n in sources(events)]
    groups = chunks(listed, SOURCES_PER_SLIDE)
    for page, group in enumerate(groups, start=1):
        suffix = f" ({page} of {len(groups)})" if len(groups) > 1 else ""
        _list_slide(prs, f"Sources{suffix}", group, 18)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()
