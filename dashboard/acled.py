"""The selection in ACLED's column names and codes, so tools built for ACLED read it (pure).

Mapping of the taxonomy (DESIGN.md): armed clashes and territorial changes are
Battles; remote strikes are Explosions/Remote violence; agreements, arrests and the
rest are Strategic developments. Diplomacy, aid/sanction decisions and statements
have no ACLED equivalent: they are coded "Strategic developments / Other" and keep
their own type in `tags`, so nothing is silently recoded as violence.
ACLED's precision codes stop at 3: year-level dates and country-level places become 3.
"""

from __future__ import annotations

import pandas as pd

from etl.schema import EventType, split_names

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "actor2", "assoc_actor_2", "country",
    "iso3", "admin1", "location", "latitude", "longitude", "geo_precision", "source",
    "notes", "fatalities", "tags",
)  # fmt: skip
ACLED_EVENT_TYPES = {
    "Battles": (
        "Armed clash",
        "Government regains territory",
        "Non-state actor overtakes territory",
    ),
    "Explosions/Remote violence": ("Shelling/artillery/missile attack", "Air/drone strike"),
    "Strategic developments": ("Agreement", "Arrests", "Other"),
}
DISORDER = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Strategic developments": "Strategic developments",
}
_STRATEGIC = {
    EventType.AGREEMENT: "Agreement",
    EventType.LEGAL: "Arrests",
}


def acled_type(event_type: str, sub_event_type: str) -> tuple[str, str]:
    """(event_type, sub_event_type) in ACLED's codes for one of ours."""
    sub = (sub_event_type or "").lower()
    if event_type == EventType.ARMED_CLASH:
        return "Battles", "Armed clash"
    if event_type == EventType.TERRITORIAL_CHANGE:
        regains = "recapture" in sub or "regain" in sub or "liberat" in sub
        return "Battles", (
            "Government regains territory" if regains else "Non-state actor overtakes territory"
        )
    if event_type == EventType.REMOTE_STRIKE:
        air = any(w in sub for w in ("drone", "air", "bomb"))
        return "Explosions/Remote violence", (
            "Air/drone strike" if air else "Shelling/artillery/missile attack"
        )
    return "Strategic developments", _STRATEGIC.get(event_type, "Other")  # type: ignore[call-overload]


def _cap3(series: pd.Series) -> pd.Series:
    return pd.to_numeric(series, errors="coerce").clip(upper=3).astype("Int64")


def _assoc(actors: object, main: tuple[object, object]) -> str:
    if not isinstance(actors, str):
        return ""
    skip = {m for m in main if isinstance(m, str)}
    return "; ".join(a for a in actors.split(";") if a and a not in skip)


def to_acled(events: pd.DataFrame) -> pd.DataFrame:
    """One ACLED-style row per event, ACLED's column order."""
    types = [
        acled_type(str(t), str(s) if isinstance(s, str) else "")
        for t, s in zip(events["event_type"], events["sub_event_type"], strict=True)
    ]
    notes = [
        ". ".join(p for p in (s if isinstance(s, str) else "", f"Evidence: {e}" if isinstance(e, str) else "") if p)
        for s, e in zip(events["summary"], events["evidence"], strict=True)
    ]  # fmt: skip
    out = pd.DataFrame(
        {
            "event_id_cnty": events["event_id"].astype(str),
            "event_date": events["date"].dt.strftime("%Y-%m-%d"),
            "year": events["date"].dt.year.astype("Int64"),
            "time_precision": _cap3(events["time_precision"]),
            "disorder_type": [DISORDER[t] for t, _ in types],
            "event_type": [t for t, _ in types],
            "sub_event_type": [s for _, s in types],
            "actor1": events["actor1"].fillna(""),
            "assoc_actor_1": "",
            "actor2": events["actor2"].fillna(""),
            "assoc_actor_2": [
                _assoc(a, (x, y))
                for a, x, y in zip(
                    events["actors"], events["actor1"], events["actor2"], strict=True
                )
            ],
            "country": events["country"].fillna(""),
            "iso3": events["iso3"].fillna(""),
            "admin1": events["admin1"].fillna(""),
            "location": events["location"].fillna(""),
            "latitude": events["latitude"].round(4),
            "longitude": events["longitude"].round(4),
            "geo_precision": _cap3(events["geo_precision"]),
            "source": [
                "; ".join(n.replace(";", "\\;") for n in split_names(c)) for c in events["sources"]
            ],
            "notes": notes,
            "fatalities": pd.to_numeric(events["fatalities"], errors="coerce")
            .fillna(0)
            .astype(int),
            "tags": [
                f"conflict-timeline type={t}; status={st}"
                for t, st in zip(events["event_type"], events["status"], strict=True)
            ],
        }
    )
    return out[list(ACLED_COLUMNS)].reset_index(drop=True)
