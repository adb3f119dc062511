"""Merging mentions of one real-world event, within a document and across outlets.

Pure functions. Two mentions can be one event when their types are compatible,
their date ranges overlap, their places agree (same town, same region, or one
has no place or only the country), and their actors agree. The merged event keeps
the most precise date and place, all sources, the best evidence sentence, and
notes where the sources disagree (e.g. different death tolls).
"""

from __future__ import annotations

import bisect
import hashlib
import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from geopy.distance import EARTH_RADIUS

from etl.schema import (
    TYPE_GROUPS,
    DateRange,
    Event,
    EventType,
    GeoPrecision,
    Mention,
    Place,
    Status,
)

# Days of slack when comparing date ranges: a town's capture is reported over days.
DATE_SLACK = {EventType.TERRITORIAL_CHANGE: 1, EventType.ARMED_CLASH: 1}
# Extra slack for a decision whose date was only inferred from the paragraph or post.
INFERRED_DATE_SLACK = {EventType.AID_OR_SANCTION: 14, EventType.AGREEMENT: 2}
# Types whose place is incidental (where a decision was announced), so places never block.
PLACE_INCIDENTAL = {EventType.AID_OR_SANCTION, EventType.STATEMENT, EventType.AGREEMENT}
# Types where actor1 is the attacker: two sides' strikes on one day are two events.
ATTACKS = frozenset({EventType.REMOTE_STRIKE, EventType.ARMED_CLASH})
SAME_TOWN_KM = 30.0
SAME_REGION_KM = 150.0
# More specific types win when a cluster mixes compatible types.
TYPE_RANK = {
    EventType.TERRITORIAL_CHANGE: 0, EventType.REMOTE_STRIKE: 0, EventType.AGREEMENT: 1,
    EventType.DIPLOMACY: 2, EventType.ARMED_CLASH: 2, EventType.AID_OR_SANCTION: 0,
    EventType.LEGAL: 0, EventType.STATEMENT: 3, EventType.OTHER: 4,
}  # fmt: skip


@dataclass
class _Cluster:
    """Mentions of one event. Members join in `_date_rank` order, so the first member's
    date stays the cluster's best date; its place, sides and persons are kept as they grow."""

    members: list[Mention]
    sides: set[str] = field(default_factory=set)
    persons: set[str] = field(default_factory=set)
    attackers: set[str] = field(default_factory=set)  # sides of the violent members' actor1
    all_inferred: bool = True  # no member has a date of its own sentence
    _place: Place | None = None
    _place_stale: bool = True

    @property
    def best_date(self) -> DateRange:
        assert self.members[0].date is not None
        return self.members[0].date

    @property
    def place(self) -> Place | None:
        if self._place_stale:
            self._place, self._place_stale = _best_place(self.members), False
        return self._place

    def add(self, m: Mention, country_of: Mapping[str, str]) -> None:
        self.members.append(m)
        self.all_inferred = self.all_inferred and SOURCE_RANK.get(m.date_source, 3) > 0
        self.sides |= _sides(m, country_of)
        self.persons |= set(m.persons)
        if m.actor1 and m.event_type in ATTACKS:
            self.attackers.add(country_of.get(m.actor1, m.actor1))
        self._place_stale = True


_GROUP_OF = {t: i for i, g in enumerate(TYPE_GROUPS) for t in g}


def _group(t: EventType) -> int:
    return _GROUP_OF[t]


# How a mention's date was found, most reliable first; a story date is only a bound.
SOURCE_RANK = {
    "sentence": 0, "reporting": 1, "after": 1, "frame": 1, "paragraph": 1, "publication": 2,
    "story": 3,
}  # fmt: skip
# Diplomacy sub-types that can describe one event (a call is not a meeting).
DIPLOMACY_FAMILIES = ({"phone call"}, {"talks", "meeting", "summit", "visit", "envoy trip"})


def _date_rank(m: Mention) -> tuple[int, int, int, int]:
    """Reports before plans, own dates before inferred ones, the narrowest range, then
    the most specific trigger ("retaken" before "entered")."""
    assert m.date is not None
    source = SOURCE_RANK.get(m.date_source, 3)
    return (1 if m.status == Status.PLANNED else 0, source, m.date.width_days, m.priority)


def _subtypes_agree(a: str, b: str) -> bool:
    families = [f for f in DIPLOMACY_FAMILIES if a in f or b in f]
    return not families or any(a in f and b in f for f in families)


def _eponymous(p: Place) -> bool:
    """A city that names its region ("Kursk"): in war reporting often the region itself."""
    return p.precision == GeoPrecision.TOWN and p.admin1 in (p.name, f"{p.name} region")


def _best_date(members: list[Mention]) -> DateRange:
    dated = [m for m in members if m.date is not None]
    best = min(dated, key=_date_rank)
    assert best.date is not None
    return best.date


def _seat(p: Place) -> bool:
    """A capital put for its country (a statement or decision with no place of its own):
    any place the text names comes first ("… Zelensky told reporters in Helsinki")."""
    return p.precision == GeoPrecision.TOWN and bool(p.country) and p.matched == p.country


def _best_place(members: list[Mention]) -> Place | None:
    placed = [m.place for m in members if m.place is not None]
    if not placed:
        return None
    counts = Counter((p.name, p.precision) for p in placed)

    def rank(p: Place) -> tuple[bool, int, int]:
        level = GeoPrecision.REGION if _eponymous(p) else p.precision
        return (_seat(p), int(level), -counts[(p.name, p.precision)])

    return min(placed, key=rank)


def places_agree(a: Place | None, b: Place | None) -> bool:
    """Same town, or same region, or one is the country (or nothing) the other lies in."""
    if a is None or b is None:
        return True
    if a.precision == GeoPrecision.COUNTRY or b.precision == GeoPrecision.COUNTRY:
        return a.iso3 == b.iso3
    if a.latitude is None or b.latitude is None or a.longitude is None or b.longitude is None:
        return a.name == b.name
    km = _km(a.latitude, a.longitude, b.latitude, b.longitude)
    loose = (GeoPrecision.REGION, GeoPrecision.NEAR_TOWN)
    if a.precision in loose or b.precision in loose:
        return (a.admin1 and a.admin1 == b.admin1) or km <= SAME_REGION_KM
    return km <= SAME_TOWN_KM


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle kilometres (haversine on geopy's earth radius): the merge compares
    millions of pairs, and geopy's `great_circle` costs 30x more per pair."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS * math.asin(min(1.0, math.sqrt(h)))


def _sides(m: Mention, country_of: Mapping[str, str]) -> set[str]:
    """The countries (or organisations) behind a mention's actors."""
    return {country_of.get(a, a) for a in (m.actor1, m.actor2, *m.actors) if a}


def actors_agree(a: set[str], b: set[str]) -> bool:
    """No actors on one side, one set within the other, or most actors shared."""
    if not a or not b:
        return True
    if a <= b or b <= a:
        return True
    return len(a & b) / len(a | b) >= 0.5


def compatible(
    cluster: _Cluster, m: Mention, country_of: Mapping[str, str], sides: set[str] | None = None
) -> bool:
    """Whether the mention can join the cluster (`sides`: the mention's, when known)."""
    head = cluster.members[0]
    if _GROUP_OF[head.event_type] != _GROUP_OF[m.event_type]:  # compatible_types
        return False
    if m.event_type == EventType.STATEMENT and head.speaker_group != m.speaker_group:
        return False
    if m.event_type == EventType.AID_OR_SANCTION and head.sub_event_type != m.sub_event_type:
        return False
    if m.event_type == EventType.DIPLOMACY and not _subtypes_agree(
        head.sub_event_type, m.sub_event_type
    ):
        return False
    assert m.date is not None
    slack = DATE_SLACK.get(m.event_type, 0)
    inferred = SOURCE_RANK.get(m.date_source, 3) > 0 or cluster.all_inferred
    if inferred:
        slack += INFERRED_DATE_SLACK.get(m.event_type, 0)
    if not cluster.best_date.overlaps(m.date, slack):
        return False
    if m.event_type not in PLACE_INCIDENTAL and not places_agree(cluster.place, m.place):
        return False
    if m.event_type == EventType.STATEMENT:
        return True
    attacker = country_of.get(m.actor1, m.actor1) if m.event_type in ATTACKS else ""
    if attacker and cluster.attackers and attacker not in cluster.attackers:
        return False  # two sides' strikes on one day are two events
    return actors_agree(cluster.sides, _sides(m, country_of) if sides is None else sides)


def _affinity(cluster: _Cluster, m: Mention) -> float:
    score = 0.0
    score += len(cluster.persons & set(m.persons))
    place = cluster.place
    if place and m.place and place.name == m.place.name:
        score += 1.0
    if m.date and cluster.best_date.start == m.date.start:
        score += 0.5
    return score


def cluster_mentions(
    mentions: list[Mention], country_of: Mapping[str, str] | None = None
) -> list[list[Mention]]:
    """Group mentions into events (greedy, most precise mentions first).

    `country_of` maps actor names to their country ("Russian forces" -> "Russia"), so
    that actors are compared by side; without it names are compared as they are."""
    country_of = country_of or {}
    dated = [m for m in mentions if m.date is not None]
    order = sorted(dated, key=lambda m: (_group(m.event_type), *_date_rank(m), -m.confidence))
    clusters: list[_Cluster] = []
    indexes: dict[tuple[int, str], _Index] = {}
    for m in order:
        # types of different groups never merge, nor statements of different speakers or
        # aid decisions of different kinds
        index = indexes.setdefault((_group(m.event_type), _partition(m)), _Index())
        assert m.date is not None
        sides = _sides(m, country_of)
        options = [i for i in index.near(m, sides) if compatible(clusters[i], m, country_of, sides)]
        if options:
            chosen = max(options, key=lambda i: _affinity(clusters[i], m))
        else:
            chosen = len(clusters)
            clusters.append(_Cluster([]))
        clusters[chosen].add(m, country_of)
        index.file(chosen, clusters[chosen])
    return [c.members for c in clusters]


# The widest date slack `compatible` allows a mention of each type (its own slack plus
# the inferred-date slack, which a cluster of inferred dates grants to any member);
# date widths of the index's tiers (days): most clusters are dated to one day.
MAX_SLACK = {t: DATE_SLACK.get(t, 0) + INFERRED_DATE_SLACK.get(t, 0) for t in EventType}
TIERS = (0, 7, 31, 62)
CELL_DEGREES = 1.5  # grid cells of the place index: SAME_REGION_KM fits in the neighbours


def _partition(m: Mention) -> str:
    """A key that two mentions must share to be compatible (see `compatible`)."""
    if m.event_type == EventType.STATEMENT:
        return m.speaker_group
    if m.event_type == EventType.AID_OR_SANCTION:
        return m.sub_event_type
    return ""


def _place_keys(place: Place | None) -> tuple[tuple[object, ...], ...]:
    """Where a cluster is filed in the place index."""
    if place is None:
        return (("none",),)
    if place.precision == GeoPrecision.COUNTRY or place.latitude is None or place.longitude is None:
        return (("country", place.iso3),)
    cell = (math.floor(place.latitude / CELL_DEGREES), math.floor(place.longitude / CELL_DEGREES))
    keys: list[tuple[object, ...]] = [("cell", *cell), ("in", place.iso3)]
    if place.admin1:
        keys.append(("admin1", place.iso3, place.admin1))
    return tuple(keys)


def _side_keys(sides: set[str]) -> tuple[Key, ...]:
    """Where a cluster is filed by the sides of its actors (`actors_agree` needs one shared,
    unless either has none)."""
    return tuple(("side", s) for s in sorted(sides)) if sides else (("noside",),)


def _query_keys(place: Place) -> list[tuple[object, ...]] | None:
    """The place keys a mention's place can agree with (`places_agree`); None for all."""
    if place.precision == GeoPrecision.COUNTRY or place.latitude is None or place.longitude is None:
        return [("none",), ("country", place.iso3), ("in", place.iso3)]
    row = math.floor(place.latitude / CELL_DEGREES)
    col = math.floor(place.longitude / CELL_DEGREES)
    # a degree of longitude shrinks towards the poles: look further east and west
    reach = 1 + int(
        SAME_REGION_KM
        / (
            111.0
            * CELL_DEGREES
            * max(math.cos(math.radians(abs(place.latitude) + CELL_DEGREES)), 0.05)
        )
    )
    keys: list[tuple[object, ...]] = [("none",), ("country", place.iso3)]
    keys += [
        ("cell", r, c) for r in range(row - 1, row + 2) for c in range(col - reach, col + reach + 1)
    ]
    if place.admin1:
        keys.append(("admin1", place.iso3, place.admin1))
    return keys


_ALL: tuple[object, ...] = ("all",)
Key = tuple[object, ...]


class _Index:
    """The clusters of one type group, filed by the first day of their best date (in tiers
    of date width) under their place keys (grid cell, country, region), their sides and
    `_ALL`, each key marked with whether all the cluster's dates are inferred (those
    clusters grant the inferred-date slack to every mention). A mention is compared only
    with clusters whose date can overlap its own and whose place can agree: merging stays
    near-linear in the number of mentions. A cluster is re-filed when a new member
    changes its keys; its date never changes."""

    def __init__(self) -> None:
        # key -> per tier (days ascending, cluster ids in the same order); the last tier
        # holds the clusters wider than every tier, in filing order
        self.slots: dict[Key, list[tuple[list[int], list[int]]]] = {}
        self.filed: dict[int, tuple[int, int, tuple[Key, ...]]] = {}

    def _put(self, tier: int, day: int, key: Key, cluster: int) -> None:
        slot = self.slots.get(key)
        if slot is None:
            slot = self.slots[key] = [([], []) for _ in range(len(TIERS) + 1)]
        days, ids = slot[tier]
        at = bisect.bisect_right(days, day)
        days.insert(at, day)
        ids.insert(at, cluster)

    def _take(self, tier: int, day: int, key: Key, cluster: int) -> None:
        days, ids = self.slots[key][tier]
        at = bisect.bisect_left(days, day)
        while ids[at] != cluster:
            at += 1
        del days[at], ids[at]

    def file(self, cluster: int, c: _Cluster) -> None:
        flag = c.all_inferred
        keys = tuple((flag, *k) for k in (_ALL, *_place_keys(c.place), *_side_keys(c.sides)))
        if cluster in self.filed:
            tier, day, old = self.filed[cluster]
            if old == keys:
                return
            for key in old:
                self._take(tier, day, key, cluster)
        else:
            when = c.best_date
            tier = next((t for t, w in enumerate(TIERS) if when.width_days <= w), len(TIERS))
            day = when.start.toordinal()
        for key in keys:
            self._put(tier, day, key, cluster)
        self.filed[cluster] = (tier, day, keys)

    def near(self, m: Mention, sides: set[str]) -> list[int]:
        """Clusters (in creation order) whose best date may overlap the mention's and whose
        place (or, when places are not compared, sides) may agree with it."""
        assert m.date is not None
        when = m.date
        if m.place is not None and m.event_type not in PLACE_INCIDENTAL:
            keys = _query_keys(m.place)
        elif sides and m.event_type != EventType.STATEMENT:
            keys = [("noside",), *(("side", s) for s in sorted(sides))]
        else:
            keys = [_ALL]
        found: set[int] = set()
        own = DATE_SLACK.get(m.event_type, 0)
        if SOURCE_RANK.get(m.date_source, 3) > 0:
            own = MAX_SLACK[m.event_type]
        start, end = when.start.toordinal(), when.end.toordinal()
        for flag, slack in ((False, own), (True, MAX_SLACK[m.event_type])):
            for key in keys:
                slot = self.slots.get((flag, *key))
                if slot is None:
                    continue
                for (days, ids), width in zip(slot, TIERS, strict=False):
                    if days:
                        lo = bisect.bisect_left(days, start - slack - width)
                        found.update(ids[lo : bisect.bisect_right(days, end + slack, lo)])
                found.update(slot[-1][1])
        return sorted(found)


def event_id_for(members: list[Mention]) -> str:
    """Stable id: derived from the earliest-reported mention (its id is unique: document,
    sentence, trigger, type and place) and the type group."""
    first = min(
        members, key=lambda m: (m.published or date.max, m.file, m.char_start, m.mention_id)
    )
    key = f"{_group(first.event_type)}:{first.file}:{first.mention_id}"
    return "E" + hashlib.sha1(key.encode()).hexdigest()[:10]


def _most_common(values: list[str]) -> str:
    values = [v for v in values if v]
    return Counter(values).most_common(1)[0][0] if values else ""


def _disagreements(members: list[Mention]) -> tuple[int | None, int | None, str]:
    notes: list[str] = []
    result: list[int | None] = []
    for name in ("fatalities", "injured"):
        stated = {m.outlet: getattr(m, name) for m in members if getattr(m, name) is not None}
        values = sorted(set(stated.values()))
        result.append(values[0] if values else None)
        if len(values) > 1:
            detail = "; ".join(f"{v} ({src})" for src, v in stated.items())
            notes.append(f"{name} differ between sources: {detail}")
    types = {m.event_type.value for m in members}
    if len(types) > 1:
        notes.append("reported as " + " / ".join(sorted(types)))
    return result[0], result[1], "; ".join(notes)


def build_event(members: list[Mention]) -> Event:
    event_type = min((m.event_type for m in members), key=lambda t: TYPE_RANK[t])
    typed = [m for m in members if m.event_type == event_type]
    best = max(
        typed, key=lambda m: (m.date_source == "sentence", m.place is not None, m.confidence)
    )
    statuses = {m.status for m in members}
    status = (
        Status.REPORTED
        if Status.REPORTED in statuses
        else Status.CLAIMED
        if Status.CLAIMED in statuses
        else Status.PLANNED
    )
    attributed = _most_common(
        [
            m.attributed_to
            for m in members
            if m.status == status or event_type == EventType.STATEMENT
        ]
    )
    sources: list[str] = []
    for m in sorted(members, key=lambda m: (m.published or date.max, m.outlet)):
        if m.outlet not in sources:
            sources.append(m.outlet)
    actors: list[str] = []
    for m in members:
        for a in (m.actor1, m.actor2, *m.actors, *m.persons):
            if a and a not in actors:
                actors.append(a)
    fatalities, injured, notes = _disagreements(members)
    published = [m.published for m in members if m.published]
    n_docs = len({m.doc_id for m in members})
    confidence = 1.0
    for m in members:
        confidence *= 1.0 - m.confidence
    confidence = round(min(0.99, 1.0 - confidence * (0.9 if n_docs > 1 else 1.0)), 2)
    summary = best.summary
    if status != Status.PLANNED:
        summary = summary.replace(" (planned)", "")
    return Event(
        event_id=event_id_for(members),
        date=_best_date(members),
        event_type=event_type,
        sub_event_type=best.sub_event_type,
        summary=summary,
        actor1=_most_common([m.actor1 for m in members]),
        actor2=_most_common([m.actor2 for m in members]),
        actors=tuple(actors),
        place=_best_place(members),
        fatalities=fatalities,
        injured=injured,
        status=status,
        attributed_to=attributed,
        sources=tuple(sources),
        first_reported=min(published) if published else None,
        evidence=best.quote,
        confidence=confidence,
        mention_ids=tuple(m.mention_id for m in members),
        notes=notes,
        urls=tuple(dict.fromkeys(m.url for m in members if m.url)),
    )


def merge(
    mentions: list[Mention], country_of: Mapping[str, str] | None = None
) -> tuple[list[Event], dict[str, str]]:
    """Events (sorted by date) and the event id of every merged mention."""
    events = [build_event(members) for members in cluster_mentions(mentions, country_of)]
    events.sort(key=lambda e: (e.date.best, e.event_type.value, e.event_id))
    assignment = {mid: e.event_id for e in events for mid in e.mention_ids}
    return events, assignment
