"""A briefing of the selection: numbered key events, caveats, sources, one HTML file (pure).

`briefing_html` returns a single self-contained page: plotly.js is inlined, the
basemap is inside the map figure, every text is HTML-escaped. It opens offline by
double-click.
"""

from __future__ import annotations

import html
from collections import Counter
from datetime import date

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from plotly.offline import get_plotlyjs

from dashboard.detail import geo_precision_words, time_precision_words
from dashboard.filters import split_list
from etl.schema import split_names, web_address

TITLE = "Conflict events briefing"


def numbered(events: pd.DataFrame) -> pd.DataFrame:
    """`events` with their briefing number: as given in a `number` column (the key
    events, see `keyevents.ordered`), else in chronological order (1, 2, …)."""
    if "number" in events.columns:
        return events.sort_values("number", kind="stable").reset_index(drop=True)
    ordered = events.sort_values(["date", "event_id"], kind="stable").reset_index(drop=True)
    return ordered.assign(number=range(1, len(ordered) + 1))


def status_text(row: pd.Series) -> str:
    status = str(row["status"]) if pd.notna(row["status"]) else "reported"
    who = row["attributed_to"] if pd.notna(row["attributed_to"]) else ""
    if status == "claimed":
        return f"claimed by {who}" if who else "claimed (unverified)"
    return status


def date_text(row: pd.Series) -> str:
    day = row["date"].date().isoformat()
    precision = time_precision_words(row["time_precision"])
    if row["date_start"] != row["date_end"]:
        return f"{day} ({precision}: {row['date_start'].date()} – {row['date_end'].date()})"
    return f"{day} ({precision})"


def place_text(row: pd.Series) -> str:
    names = [str(row[c]) for c in ("location", "country") if pd.notna(row[c])]
    if not names:
        return "no place"
    names = list(dict.fromkeys(names))
    return f"{', '.join(names)} ({geo_precision_words(row['geo_precision'])})"


def key_events(events: pd.DataFrame) -> list[dict[str, str]]:
    """Numbered lines of the briefing: number, date, summary, place, status, sources."""
    return [
        {
            "number": str(row["number"]),
            "date": date_text(row),
            "summary": str(row["summary"]) if pd.notna(row["summary"]) else "",
            "place": place_text(row),
            "status": status_text(row),
            "sources": f"{int(row['source_count'])} source(s)"
            if pd.notna(row["source_count"])
            else "",
            "event_id": str(row["event_id"]),
            "links": [u for u in split_names(row.get("source_urls")) if web_address(u)],
        }
        for _, row in numbered(events).iterrows()
    ]


def caveats(events: pd.DataFrame) -> list[str]:
    """How sure we are, counted from the data."""
    n = len(events)
    if n == 0:
        return []
    approx = int((events["time_precision"].fillna(1) > 1).sum())
    coarse = int((events["geo_precision"].fillna(0) >= 3).sum())
    no_place = int(events["latitude"].isna().sum())
    single = int((events["source_count"].fillna(1) <= 1).sum())
    claimed = int((events["status"] == "claimed").fillna(False).sum())
    planned = int((events["status"] == "planned").fillna(False).sum())
    lines = [
        f"{approx} of {n} dates are approximate (week, month or year).",
        f"{coarse} of {n} places are region- or country-level; {no_place} events have no place.",
        f"{single} of {n} events rest on a single source.",
        f"{claimed} of {n} are one side's unverified claims; {planned} of {n} are planned, "
        "not yet happened.",
    ]
    return lines


def sources(events: pd.DataFrame) -> list[tuple[str, int]]:
    """Each source with the number of selected events it reports."""
    counts: Counter[str] = Counter()
    for cell in events["sources"].dropna():
        counts.update(split_list([cell]))
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


STYLE = """
.briefing{font-family:system-ui,sans-serif;font-size:20px;color:#222;line-height:1.35}
.briefing h1{font-size:2.2em;margin-bottom:0} .briefing .meta{color:#555;margin-top:.3em}
.briefing ol.events{padding-left:0;list-style:none}
.briefing ol.events li{margin:.5em 0;padding:.4em .6em;border-left:6px solid #2166ac;background:#f6f6f6}
.briefing .num{font-weight:bold;display:inline-block;min-width:2em}
.briefing .small{color:#555;font-size:.85em}
.briefing .caveats{border:2px solid #b35806;background:#fff4e6;padding:.6em 1em;margin:1em 0}
"""
_PAGE = "body{margin:2em auto;max-width:1200px}"
_e = html.escape


def header_html(as_of: date | None, filters_line: str, count: int) -> str:
    day = as_of.isoformat() if as_of else "unknown"
    return (
        f'<h1>{_e(TITLE)}</h1>\n<p class="meta">Data as of {_e(day)} · {_e(filters_line)} · '
        f"{count} event{'s' if count != 1 else ''}</p>"
    )


def _links(urls: list[str]) -> str:
    """Links to the articles (http/https only, escaped), numbered."""
    return "".join(
        f' <a href="{_e(u)}" rel="noopener noreferrer" target="_blank">[{n}]</a>'
        for n, u in enumerate(urls, start=1)
    )


def events_html(events: pd.DataFrame) -> str:
    """The numbered key events as an HTML list (every text escaped), each source linked to
    its article where the manifest gave its address."""
    items = "\n".join(
        f'<li id="event-{_e(k["event_id"])}"><span class="num">{_e(k["number"])}.</span> '
        f'<b class="summary">{_e(k["summary"])}</b><br><span class="small">{_e(k["date"])} · {_e(k["place"])} · '
        f"{_e(k['status'])} · {_e(k['sources'])}{_links(k['links'])}</span></li>"
        for k in key_events(events)
    )
    return f'<ol class="events">\n{items}\n</ol>'


def caveats_html(events: pd.DataFrame) -> str:
    items = "".join(f"<li>{_e(c)}</li>" for c in caveats(events))
    return f'<div class="caveats"><b>Caveats</b><ul>{items}</ul></div>'


def sources_html(events: pd.DataFrame) -> str:
    items = "".join(f"<li>{_e(s)} ({n})</li>" for s, n in sources(events))
    return f"<ul>{items}</ul>"


def others_line(events: pd.DataFrame, key: pd.DataFrame) -> str:
    rest = len(events) - len(key)
    if rest <= 0:
        return ""
    return (
        f"{rest:,} more event{'s' if rest != 1 else ''} of the selection are on the map and the "
        "timeline and in the downloads."
    )


def briefing_html(
    events: pd.DataFrame,
    key: pd.DataFrame,
    as_of: date | None,
    filters_line: str,
    timeline: go.Figure,
    map_fig: go.Figure,
) -> str:
    """A standalone HTML briefing (plotly.js inlined; no external request): the numbered
    `key` events, caveats and sources of the whole selection `events`, the charts."""
    chart = lambda fig: pio.to_html(fig, full_html=False, include_plotlyjs=False)  # noqa: E731
    day = as_of.isoformat() if as_of else "unknown"
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{_e(TITLE)} — as of {_e(day)}</title>
<style>{STYLE}{_PAGE}</style><script>{get_plotlyjs()}</script></head>
<body class="briefing">
{header_html(as_of, filters_line, len(events))}
<h2>Key events</h2>
{events_html(key)}
<p class="small">{_e(others_line(events, key))}</p>
{caveats_html(events)}
<h2>Map</h2>
{chart(map_fig)}
<h2>Timeline</h2>
{chart(timeline)}
<h2>Sources</h2>
{sources_html(events)}
<p class="small">Basemap: Natural Earth (public domain). Made offline by the conflict-events timeline.</p>
</body></html>
"""
