"""Places the gazetteer does not list, placed by the place the text ties them to.

A village too small for the gazetteer is usually located by the writer: "the village
of X in the Y region", "X, 20 km south-west of Y", "X near Y". A name in a place's
slot that the gazetteer does not know becomes a candidate here; it is placed at the
region or town it is tied to — in its own sentence, else anywhere in the document
(quotes included: "the village of X in the Y region has been liberated") — with that
anchor's coarser precision, and reported as not in the gazetteer. With no anchor it
is not placed: never a far namesake, never a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from geopy.distance import distance

from etl.events.arguments import is_locative_slot
from etl.gazetteer import Gazetteer
from etl.geocode import PlaceQuery
from etl.nlp import Sentence
from etl.places import PlaceCandidate
from etl.schema import GeoPrecision, Place

NAME_LABELS = frozenset({"GPE", "LOC", "FAC", "ORG", "NORP", "PERSON", ""})
_DIRECTION = r"(?:north|south|east|west)(?:[- ]?(?:east|west))?(?:ern)?"
_DISTANCE = (
    r"(?:(?:about|some|around|roughly|nearly|approximately|just|only|less than|more than)\s+)?"
    r"\d[\d,.]*\s*-?\s*(?:km|kms|kilometres|kilometers|miles|mi)\b(?:\s*\([^)]{0,20}\))?"
    rf"\s+(?:to\s+the\s+)?{_DIRECTION}\s+of"
)
_RELATION = rf"(?:{_DISTANCE}|in|near|outside|close to|{_DIRECTION} of|on the outskirts of)"
# What may stand between an unlisted name and the place that locates it.
CONNECTOR = re.compile(
    r"^(?:\s+(?:village|town|settlement|hamlet|city))?\s*,?\s*"
    rf"{_RELATION}\s+(?:the\s+)?(?:[a-z][a-z-]*\s+){{0,3}}$"
)
NEAR_WORDS = re.compile(rf"{_DISTANCE}|near|outside|close to|outskirts|{_DIRECTION} of")


def _name_span(sent: Sentence, i: int) -> tuple[int, int]:
    """Character span of the proper name headed by token `i` (its compound names too)."""
    toks = [i] + [
        c
        for c in sent.children[i]
        if sent.tokens[c].dep == "compound" and sent.tokens[c].pos == "PROPN"
    ]
    first, last = sent.tokens[min(toks)], sent.tokens[max(toks)]
    return first.start, last.start + len(last.text)


def _label(sent: Sentence, start: int) -> str:
    return next((e.label for e in sent.entities if e.start <= start < e.end), "")


def unlisted_candidates(
    sent: Sentence, gazetteer: Gazetteer, taken: list[tuple[int, int]]
) -> list[PlaceCandidate]:
    """Proper names in a place's slot ("captured *X*", "the village of *X*", "in *X*")
    that the gazetteer does not know, as candidates marked `unlisted`."""
    found: list[PlaceCandidate] = []
    for t in sent.tokens:
        if t.pos != "PROPN" or not t.text[:1].isupper() or t.dep == "compound":
            continue
        slot = is_locative_slot(sent, t.i) or (
            t.dep in ("dobj", "nsubjpass") and sent.tokens[t.head].pos == "VERB"
        )
        if not slot or _label(sent, t.start) not in NAME_LABELS:
            continue
        start, end = _name_span(sent, t.i)
        name = sent.text[start:end]
        if any(s < end and start < e for s, e in taken):
            continue
        if gazetteer.knows(name) or gazetteer.country(name):
            continue
        query = PlaceQuery(name, GeoPrecision.TOWN)
        found.append(PlaceCandidate(query, start, end, locative=True, unlisted=True))
    return found


@dataclass(frozen=True)
class Tie:
    """How the text locates an unlisted place: at, near, or a distance and bearing
    from a listed one ("20 km south-west of Y")."""

    anchor: PlaceQuery
    near: bool = False
    km: float = 0.0
    bearing: float | None = None


BEARINGS = {
    "north": 0.0, "northeast": 45.0, "east": 90.0, "southeast": 135.0, "south": 180.0,
    "southwest": 225.0, "west": 270.0, "northwest": 315.0,
}  # fmt: skip
_MEASURE = re.compile(
    r"(?P<n>\d[\d,.]*)\s*-?\s*(?P<unit>km|kms|kilometres|kilometers|miles|mi)\b"
    rf".*?(?P<dir>{_DIRECTION})\s+of",
    re.DOTALL,
)
KM_PER_MILE = 1.609344


def _tie(anchor: PlaceQuery, between: str) -> Tie:
    m = _MEASURE.search(between)
    if m is None:
        return Tie(anchor, near=bool(NEAR_WORDS.search(between)))
    try:
        n = float(m.group("n").replace(",", ""))
    except ValueError:
        return Tie(anchor, near=True)
    km = n * KM_PER_MILE if m.group("unit").startswith("mi") else n
    direction = re.sub(r"[- ]|ern$", "", m.group("dir").lower())
    return Tie(anchor, near=True, km=km, bearing=BEARINGS.get(direction))


def anchors(text: str, candidates: list[PlaceCandidate]) -> dict[str, Tie]:
    """Unlisted name -> how the text ties it to the listed place that follows it."""
    out: dict[str, Tie] = {}
    listed = sorted((c for c in candidates if not c.unlisted), key=lambda o: o.start)
    for c in candidates:
        if not c.unlisted:
            continue
        other = next((o for o in listed if o.start >= c.end), None)
        if other is not None and CONNECTOR.match(text[c.end : other.start]):
            out.setdefault(c.query.name, _tie(other.query, text[c.end : other.start]))
    return out


MAX_OFFSET_KM = 100.0


def placed_at(name: str, anchor: Place, tie: Tie) -> Place:
    """The unlisted place `name` at its anchor's point — moved by the distance and
    bearing the text gives — with the anchor's coarser precision (a town becomes
    "near the town"; a region stays a region)."""
    precision = anchor.precision
    if precision == GeoPrecision.TOWN or (tie.near and precision < GeoPrecision.REGION):
        precision = GeoPrecision.NEAR_TOWN
    lat, lon = anchor.latitude, anchor.longitude
    moved = tie.bearing is not None and 0 < tie.km <= MAX_OFFSET_KM
    if moved and lat is not None and lon is not None and precision == GeoPrecision.NEAR_TOWN:
        point = distance(kilometers=tie.km).destination((lat, lon), bearing=tie.bearing)
        lat, lon = round(point.latitude, 5), round(point.longitude, 5)
    near = "near " if precision == GeoPrecision.NEAR_TOWN else ""
    return replace(
        anchor,
        name=f"{name} ({near}{anchor.name})",
        latitude=lat,
        longitude=lon,
        precision=precision,
        population=0,
        matched=name,
    )
