"""Adding articles from the page: paste or upload, then an incremental ETL run.

A Streamlit edge over `etl.build.add_articles`: the text or files are checked
(type, size, text) before anything is stored; a refused upload is one message and
nothing changes. Accepted articles go to `<data>/added/` with their outlet and
date; only they are extracted, and merging joins their reports to the events
already there.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import date
from pathlib import Path

import streamlit as st

from dashboard.plain import literal
from etl.build import MAX_UPLOAD_BYTES, Upload, UploadError, add_articles
from etl.geocode import PlaceResolver
from etl.ingest import HTML_SUFFIXES, TEXT_SUFFIXES, CorpusError
from etl.nlp import Analyzer, load_analyzer
from etl.store import StoreError

MESSAGE = "_articles_message"
ROUND = "_articles_round"


@st.cache_resource(show_spinner="Loading the language model…")
def _analyzer() -> Analyzer:
    return load_analyzer()


def pasted_upload(text: str, today: date) -> Upload:
    """A pasted article as a named text file (named by date and content)."""
    digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]
    return Upload(f"pasted-{today.isoformat()}-{digest}.txt", text.encode("utf-8"))


def render(data_dir: Path, resolver: Callable[[], PlaceResolver]) -> None:
    round_ = st.session_state.get(ROUND, 0)

    def add() -> None:
        s = st.session_state
        uploads = [Upload(f.name, f.getvalue()) for f in s.get(f"a_files_{round_}") or []]
        if s.get("a_text", "").strip():
            uploads.append(pasted_upload(s["a_text"], date.today()))
        if not s.get("a_outlet", "").strip() or s.get("a_published") is None:
            s[MESSAGE] = "error: give the outlet and the publication date of the article(s)"
            return
        try:
            result = add_articles(
                data_dir, uploads, outlet=s["a_outlet"], published=s["a_published"],
                title=s.get("a_title", ""), gazetteer=resolver().gazetteer, analyzer=_analyzer(),
            )  # fmt: skip
        except (UploadError, CorpusError, StoreError) as exc:
            s[MESSAGE] = f"error: {exc}"
            return
        r = result.run.report
        s[MESSAGE] = (
            f"Added {len(uploads)} article(s): {r['documents_extracted']} extracted, "
            f"{r['documents_from_cache']} reused from the cache; {r['events']} events now."
        )
        if r.get("quarantined"):
            moved = "; ".join(f"{q['file']}: {q['reason']}" for q in r["quarantined"])
            s[MESSAGE] = f"error: not extracted, moved to the data folder's quarantine: {moved}"
        s.a_text = ""
        s[ROUND] = round_ + 1

    with st.expander("Add articles (paste or upload)"):
        message = st.session_state.pop(MESSAGE, None)
        if message:
            (st.error if message.startswith("error:") else st.success)(literal(message))
        kinds = ", ".join(s.lstrip(".") for s in TEXT_SUFFIXES + HTML_SUFFIXES)
        st.caption(
            f"Text or HTML only ({kinds}), up to {MAX_UPLOAD_BYTES / 1e6:.0f} MB each. Only the "
            "new articles are extracted; their reports are merged with the events already here."
        )
        c1, c2, c3 = st.columns(3)
        c1.text_input("Outlet", key="a_outlet")
        c2.date_input("Published", value=None, key="a_published", format="YYYY-MM-DD")
        c3.text_input("Title (optional)", key="a_title")
        st.text_area("Paste an article", key="a_text", height=150)
        st.file_uploader(
            "…or upload files",
            type=[s.lstrip(".") for s in TEXT_SUFFIXES + HTML_SUFFIXES],
            accept_multiple_files=True,
            key=f"a_files_{round_}",
        )
        st.button("Add and extract", key="a_add", on_click=add)
