"""What the analyst selects, as a value: `Filters`, applying it, and its URL form.

Pure functions over frames: `apply` never changes its input and returns a new frame.
`to_query` / `from_query` mirror a `Filters` in the URL query string, so a filtered
view can be shared and reopened.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

import pandas as pd

from etl.actors import ActorLexicon
from etl.schema import EventType, Status, split_names

INTERNATIONAL = "International organisations"
OTHER_ACTORS = "Other actors"


class ActorMatch(StrEnum):
    ANY = "any"
    ALL = "all"


class Lanes(StrEnum):
    ACTOR = "actor"
    TYPE = "type"


@dataclass(frozen=True)
class Filters:
    """An analyst's selection. Empty tuples mean "no restriction"."""

    date_from: date | None = None
    date_to: date | None = None
    actors: tuple[str, ...] = ()
    actor_match: ActorMatch = ActorMatch.ANY
    event_types: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    min_sources: int = 1
    text: str = ""
    statements: bool = True
    outlets: tuple[str, ...] = ()
    sub_types: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    verified_only: bool = False


def actor_pattern(actor: str) -> str:
    """Regex matching `actor` as a whole item of a `;`-joined actors cell."""
    return rf"(?:^|;){re.escape(actor)}(?:;|$)"


def _names_mask(cells: pd.Series, wanted: set[str]) -> pd.Series:
    """Rows whose `;`-joined cell names any of `wanted` (each distinct cell split once)."""
    hit = {c: bool(wanted.intersection(split_names(c))) for c in cells.dropna().unique()}
    return cells.map(hit).fillna(False).astype(bool)


def _actor_mask(frame: pd.DataFrame, actors: Sequence[str], how: ActorMatch) -> pd.Series:
    cells = frame["actors"].fillna("").astype("string")
    masks = [cells.str.contains(actor_pattern(a), regex=True) for a in actors]
    combined = masks[0]
    for m in masks[1:]:
        combined = (combined & m) if how is ActorMatch.ALL else (combined | m)
    return combined.fillna(False).astype(bool)


def mask(frame: pd.DataFrame, f: Filters) -> pd.Series:
    """Boolean row mask of `frame` for `f` (index aligned with `frame`)."""
    keep = pd.Series(True, index=frame.index)
    if f.date_from is not None:
        keep &= (frame["date_end"] >= pd.Timestamp(f.date_from)).fillna(False)
    if f.date_to is not None:
        keep &= (frame["date_start"] <= pd.Timestamp(f.date_to)).fillna(False)
    if f.actors:
        keep &= _actor_mask(frame, f.actors, f.actor_match)
    if f.event_types:
        keep &= frame["event_type"].isin(f.event_types).fillna(False)
    if not f.statements:
        keep &= (frame["event_type"] != EventType.STATEMENT.value).fillna(True)
    if f.countries:
        keep &= frame["country"].isin(f.countries).fillna(False)
    if f.statuses:
        keep &= frame["status"].isin(f.statuses).fillna(False)
    if f.min_sources > 1:
        keep &= (frame["source_count"].fillna(1) >= f.min_sources).astype(bool)
    if f.outlets:
        keep &= _names_mask(frame["sources"], set(f.outlets))
    if f.sub_types:
        keep &= frame["sub_event_type"].isin(f.sub_types).fillna(False)
    if f.regions:
        keep &= frame["admin1"].isin(f.regions).fillna(False)
    if f.verified_only:
        verified = frame["verified"] if "verified" in frame else pd.Series(False, frame.index)
        keep &= verified.fillna(False).astype(bool)
    text = f.text.strip()
    if text:
        hay = frame["summary"].fillna("").astype("string") + " " + frame["evidence"].fillna("")
        keep &= hay.str.contains(text, case=False, regex=False).fillna(False).astype(bool)
    return keep


def apply(frame: pd.DataFrame, f: Filters) -> pd.DataFrame:
    """The events of `frame` that `f` selects, sorted by date (a new frame)."""
    selected = frame.loc[mask(frame, f)]
    if not (selected["date"].is_monotonic_increasing and _ties_in_order(selected)):
        selected = selected.sort_values(["date", "event_id"], kind="stable")
    return selected.reset_index(drop=True)


def _ties_in_order(frame: pd.DataFrame) -> bool:
    """Whether events of one date stand in event-id order (the loaded data is sorted so)."""
    same = frame["date"].eq(frame["date"].shift()).to_numpy()
    if not same.any():
        return True
    ids = frame["event_id"].astype(str).to_numpy()
    return bool((ids[1:][same[1:]] >= ids[:-1][same[1:]]).all())


# ---- options offered by the widgets ------------------------------------------------


def split_list(cells: Iterable[object]) -> list[str]:
    """Distinct names of `;`-joined cells (actors, sources), in first-seen order."""
    seen: dict[str, None] = {}
    for cell in cells:
        for name in split_names(cell):
            seen.setdefault(name, None)
    return list(seen)


def actor_side(actor: str, lexicon: ActorLexicon) -> str:
    """The side an actor is grouped under: its country, international bodies, or other."""
    known = lexicon.actors.get(actor)
    if known is None:
        return OTHER_ACTORS
    if known.country:
        return known.country
    if known.kind == "international organisation" or known.maps_to:
        return INTERNATIONAL
    return OTHER_ACTORS


def actor_options(frame: pd.DataFrame, lexicon: ActorLexicon) -> list[tuple[str, str]]:
    """(side, actor) pairs present in the data, sides by size, states before persons."""
    actors = split_list(frame["actors"].dropna().unique())
    counts: dict[str, int] = {}
    for a in actors:
        side = actor_side(a, lexicon)
        counts[side] = counts.get(side, 0) + 1

    def key(a: str) -> tuple[bool, int, str, bool, str]:
        side = actor_side(a, lexicon)
        known = lexicon.actors.get(a)
        is_person = known is None or known.kind == "person"
        return (side in (INTERNATIONAL, OTHER_ACTORS), -counts[side], side, is_person, a)

    return [(actor_side(a, lexicon), a) for a in sorted(actors, key=key)]


def date_bounds(frame: pd.DataFrame) -> tuple[date, date] | None:
    lo, hi = frame["date_start"].min(), frame["date_end"].max()
    if pd.isna(lo) or pd.isna(hi):
        return None
    return pd.Timestamp(lo).date(), pd.Timestamp(hi).date()


def type_options(frame: pd.DataFrame) -> list[str]:
    """Every type of the taxonomy present, in taxonomy order (diplomacy beside combat)."""
    present = set(frame["event_type"].dropna())
    known = [t.value for t in EventType if t.value in present]
    return known + sorted(present - set(known))


def status_options() -> list[str]:
    return [s.value for s in Status]


def country_options(frame: pd.DataFrame) -> list[str]:
    return _by_count(frame["country"])


def region_options(frame: pd.DataFrame) -> list[str]:
    """First-level regions (admin1) present, most events first."""
    return _by_count(frame["admin1"])


def sub_type_options(frame: pd.DataFrame) -> list[str]:
    return _by_count(frame["sub_event_type"])


def outlet_options(frame: pd.DataFrame) -> list[str]:
    """Outlets named in the sources, most events first."""
    counts: dict[str, int] = {}
    for cell, n in frame["sources"].dropna().value_counts().items():
        for name in split_names(cell):
            counts[name] = counts.get(name, 0) + int(n)
    return sorted(counts, key=lambda name: (-counts[name], name))


def _by_count(column: pd.Series) -> list[str]:
    counts = column.dropna().astype(str)
    counts = counts.loc[counts.str.strip() != ""].value_counts()
    return [str(c) for c in counts.index]


@dataclass(frozen=True)
class Options:
    """What the filter widgets offer for one version of the data (computed once per
    version, not on every rerun)."""

    bounds: tuple[date, date] | None
    actors: tuple[tuple[str, str], ...]  # (side, actor)
    types: tuple[str, ...]
    countries: tuple[str, ...]
    regions: tuple[str, ...]
    sub_types: tuple[str, ...]
    outlets: tuple[str, ...]
    most_sources: int


def options(frame: pd.DataFrame, lexicon: ActorLexicon) -> Options:
    most = frame["source_count"].max() if len(frame) else None
    return Options(
        bounds=date_bounds(frame),
        actors=tuple(actor_options(frame, lexicon)),
        types=tuple(type_options(frame)),
        countries=tuple(country_options(frame)),
        regions=tuple(region_options(frame)),
        sub_types=tuple(sub_type_options(frame)),
        outlets=tuple(outlet_options(frame)),
        most_sources=1 if most is None or pd.isna(most) else max(1, int(most)),
    )


# ---- the URL form ------------------------------------------------------------------

_LIST_KEYS = {
    "actor": "actors",
    "type": "event_types",
    "country": "countries",
    "status": "statuses",
    "outlet": "outlets",
    "subtype": "sub_types",
    "region": "regions",
}


def to_query(f: Filters) -> dict[str, str | list[str]]:
    """Query-string parameters for `f`, leaving out what is at its default."""
    q: dict[str, str | list[str]] = {}
    if f.date_from:
        q["from"] = f.date_from.isoformat()
    if f.date_to:
        q["to"] = f.date_to.isoformat()
    for key, attr in _LIST_KEYS.items():
        values = getattr(f, attr)
        if values:
            q[key] = list(values)
    if f.actors and f.actor_match is not ActorMatch.ANY:
        q["match"] = f.actor_match.value
    if f.min_sources > 1:
        q["min_sources"] = str(f.min_sources)
    if f.text.strip():
        q["q"] = f.text.strip()
    if not f.statements:
        q["statements"] = "0"
    if f.verified_only:
        q["verified"] = "1"
    return q


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _first(params: Mapping[str, Sequence[str]], key: str) -> str | None:
    values = params.get(key) or []
    return values[0] if values else None


def from_query(params: Mapping[str, Sequence[str]]) -> Filters:
    """A `Filters` from query parameters (each key to its list of values).

    Unknown or malformed values are ignored rather than failing: a shared link that
    is out of date still opens.
    """
    lists = {
        attr: tuple(v for raw in params.get(key, []) for v in raw.split(",") if v.strip())
        for key, attr in _LIST_KEYS.items()
    }
    match = _first(params, "match")
    min_sources = _first(params, "min_sources") or "1"
    return Filters(
        date_from=_date(_first(params, "from")),
        date_to=_date(_first(params, "to")),
        actor_match=ActorMatch(match) if match in ActorMatch._value2member_map_ else ActorMatch.ANY,
        min_sources=max(1, int(min_sources)) if min_sources.isdigit() else 1,
        text=_first(params, "q") or "",
        statements=_first(params, "statements") not in ("0", "false", "no"),
        verified_only=_first(params, "verified") in ("1", "true", "yes"),
        **lists,
    )


def describe(f: Filters) -> str:
    """The filter settings in one line, for headers and briefings."""
    parts = []
    if f.date_from or f.date_to:
        lo = f.date_from.isoformat() if f.date_from else "…"
        hi = f.date_to.isoformat() if f.date_to else "…"
        parts.append(f"{lo} to {hi}")
    if f.actors:
        joiner = " and " if f.actor_match is ActorMatch.ALL else " or "
        parts.append("actors: " + joiner.join(f.actors))
    if f.event_types:
        parts.append("types: " + ", ".join(t.replace("_", " ") for t in f.event_types))
    if not f.statements:
        parts.append("without statements")
    if f.countries:
        parts.append("in " + ", ".join(f.countries))
    if f.statuses:
        parts.append("status: " + ", ".join(f.statuses))
    if f.regions:
        parts.append("regions: " + ", ".join(f.regions))
    if f.sub_types:
        parts.append("sub-types: " + ", ".join(f.sub_types))
    if f.outlets:
        parts.append("outlets: " + ", ".join(f.outlets))
    if f.verified_only:
        parts.append("verified only")
    if f.min_sources > 1:
        parts.append(f"at least {f.min_sources} sources")
    if f.text.strip():
        parts.append(f'text "{f.text.strip()}"')
    return "; ".join(parts) if parts else "all events"
