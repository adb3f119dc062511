"""Place names in a sentence: aliases, "X region", and names after locative words.

Pure functions over text; geocoding of what is found lives in `etl.geocode`.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from etl.facilities import (
    KIND_PATTERNS,
    FacilityKind,
    facility_kind,
    kind_index,
    lookup_key,
    water_names,
)
from etl.gazetteer import Gazetteer
from etl.geocode import PlaceQuery, is_acronym
from etl.schema import GeoPrecision


@dataclass(frozen=True)
class PlaceAlias:
    alias: str
    name: str
    iso2: str
    precision: GeoPrecision
    kind: str


@dataclass(frozen=True)
class PlaceCandidate:
    query: PlaceQuery
    start: int
    end: int
    locative: bool
    origin: bool = False  # "from X": where something came from, not where it happened
    unlisted: bool = False  # a name in a place's slot that the gazetteer does not know


@lru_cache(maxsize=1)
def place_aliases() -> tuple[PlaceAlias, ...]:
    text = resources.files("etl.lexicons").joinpath("place_aliases.csv").read_text("utf-8")
    return tuple(
        PlaceAlias(r["alias"], r["name"], r["iso2"], GeoPrecision(int(r["precision"])), r["kind"])
        for r in csv.DictReader(text.splitlines())
    )


@lru_cache(maxsize=1)
def _alias_regex() -> re.Pattern[str]:
    """Aliases that name a place wherever they stand (regions such as Crimea, Donbas).

    Spellings and landmarks count only after a locative word ("in Kiev", "at the
    White House"), since "Kyiv's troops" or "the Kremlin said" name actors."""
    names = sorted({a.alias for a in place_aliases() if a.kind == "region"}, key=len, reverse=True)
    return re.compile(r"(?<![\w])(?:" + "|".join(re.escape(n) for n in names) + r")(?![\w])")


@lru_cache(maxsize=1)
def _water_regex() -> re.Pattern[str]:
    """Seas, gulfs and straits named whole ("the Red Sea"), never the town "Red"."""
    names = sorted(water_names(), key=len, reverse=True)
    return re.compile(r"(?<![\w])(?:" + "|".join(re.escape(n) for n in names) + r")(?![\w])")


_WORD = r"[A-Z][\w’'.-]*[\w]"
_NAME = rf"{_WORD}(?:\s+(?:{_WORD}|de|del|la|am|upon|on)){{0,2}}"
_REGION_SUFFIX = (
    r"(?:regions?|oblasts?|Oblasts?|provinces?|Provinces?|Regions?|krai|Krai|districts?|"
    r"Districts?|states|governorates?)"
)
_PLAIN = r"[A-Z][a-z]+(?:[- ][A-Z][a-z]+)?"
_REGION_RX = re.compile(rf"(?P<name>{_PLAIN})\s+{_REGION_SUFFIX}\b")
_DIRECTION_WORDS = {"North", "South", "East", "West", "Northern", "Southern", "Eastern",
                    "Western", "Central", "Upper", "Lower"}  # fmt: skip
# "the Belgorod and Voronezh regions", "North Kivu and South Kivu provinces"
_REGION_LIST_RX = re.compile(
    rf"(?P<names>{_PLAIN}(?:,\s+{_PLAIN})*,?\s+and\s+{_PLAIN})\s+"
    r"(?:regions|oblasts|provinces|states|governorates|districts)\b"
)
_REGION_OF_RX = re.compile(rf"\b(?:region|province|oblast)\s+of\s+(?P<name>{_WORD})")
_LOCATIVE = (
    r"in|at|near|outside|inside|to|from|into|across|around|over|toward|towards|hosted by|"
    r"retaken|retook|retake|retaking|recaptured|recapture|recapturing|captured|capture|"
    r"capturing|seized|seize|seizing|entered|liberated|taking back|took back|taken back|"
    r"shelled|struck|hit|attacked|targeted|bombed|visited|visit|left|reached|"
    r"(?:square|centre|center|outskirts|edge|parts?|streets|heart|control) of"
)
_LOCATIVE_RX = re.compile(
    rf"\b(?P<prep>{_LOCATIVE})\s+(?:the\s+)?"
    rf"(?:(?:{_WORD}\s+)?(?:city|town|village|port|capital|settlement)\s+of\s+)?"
    rf"(?P<name>{_NAME})"
)
_FACILITY_RX = re.compile(
    rf"(?P<name>{_WORD}(?:\s+{_WORD})?)(?:[-\s]\d+)?\s+"
    r"(?:(?i:military|air\s+force|strategic|army|naval)\s+)?"
    rf"(?P<kind>(?i:{'|'.join(KIND_PATTERNS.values())}))\b"
)
# Words that may follow a place name that is not a modifier of the next noun.
_FUNCTION_WORDS = {
    "in", "on", "at", "off", "near", "and", "or", "of", "to", "from", "as", "but", "while",
    "where", "which", "that", "after", "before", "since", "when", "with", "by", "for", "is",
    "was", "were", "are", "has", "have", "had", "late", "early", "overnight",
}  # fmt: skip
_COORDINATED_RX = re.compile(rf"(?:,\s+|,?\s+and\s+)(?P<name>{_NAME})")
_NOT_PLACES = {
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday",
    "Friday", "Saturday", "Sunday", "President", "Secretary", "Mr", "Mrs", "Ms", "The",
    "Prime", "Minister", "General", "Gen", "State", "National", "Defense", "Foreign",
}  # fmt: skip
_MACRO_REGIONS = {
    "middle east", "europe", "west", "east", "africa", "asia", "north", "south",
    "eastern europe", "western europe", "central europe", "the west", "latin america",
}  # fmt: skip


def _trim(name: str) -> str:
    name = re.sub(r"['’]s$", "", name.strip())
    return name.rstrip(".,")


def town_name(name: str, gazetteer: Gazetteer) -> bool:
    """Whether some town or region is called `name`. An acronym ("UN", "EU", "RSF") is
    not the town that bears its letters ("Un", "Eu"): countries and aliases only."""
    return not is_acronym(name) and gazetteer.knows(name)


def _known(name: str, gazetteer: Gazetteer, regions: bool = False) -> tuple[str, PlaceAlias | None]:
    """The longest leading part of `name` that is an alias or a known place (with
    `regions`, a first-level region's name too: "North Kivu"), or ''."""
    aliases = {a.alias.lower(): a for a in place_aliases()}
    words = name.split()
    while words:
        candidate = " ".join(words)
        alias = aliases.get(candidate.lower()) or aliases.get(f"the {candidate}".lower())
        if alias:
            return candidate, alias
        if (
            words[0].rstrip(".") not in _NOT_PLACES
            and candidate.lower() not in _MACRO_REGIONS
            and (
                gazetteer.country(candidate)
                or town_name(candidate, gazetteer)
                or (regions and gazetteer.named_regions(candidate))
            )
        ):
            return candidate, None
        words = words[:-1]
    return "", None


def find_places(
    text: str,
    gazetteer: Gazetteer,
    excluded: list[tuple[int, int]] | None = None,
) -> list[PlaceCandidate]:
    """Place names in `text`. `excluded` spans (people's names) are never places."""
    found: list[PlaceCandidate] = []
    taken: list[tuple[int, int]] = list(excluded or [])

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    for m in _FACILITY_RX.finditer(text):
        name, kind = m.group("name"), facility_kind(m.group("kind"))
        if kind is None or name.split()[0] in _NOT_PLACES:
            continue
        if lookup_key(name, kind) not in kind_index(kind):
            continue
        label = f"{name} {m.group('kind').lower()}"
        query = PlaceQuery(name, GeoPrecision.TOWN, "", label, facility=kind)
        found.append(PlaceCandidate(query, m.start(), m.end(), locative=True))
        taken.append((m.start(), m.end()))
    for m in _water_regex().finditer(text):
        after = re.match(r"\s+([A-Za-z]+)", text[m.end() :])
        if after and after.group(1).lower() not in _FUNCTION_WORDS:
            continue  # "the Red Sea *port* city of Hodeidah", "the Black Sea *Fleet*"
        if free(m.start(), m.end()):
            query = PlaceQuery(m.group(0), GeoPrecision.REGION, "", "", FacilityKind.WATER)
            found.append(PlaceCandidate(query, m.start(), m.end(), locative=True))
            taken.append((m.start(), m.end()))
    aliases = {a.alias: a for a in place_aliases()}
    for m in _alias_regex().finditer(text):
        a = aliases[m.group(0)]
        label = m.group(0) if a.kind == "region" else ""
        query = PlaceQuery(a.name, a.precision, a.iso2, label)
        found.append(PlaceCandidate(query, m.start(), m.end(), locative=True))
        taken.append((m.start(), m.end()))
    for m in _REGION_LIST_RX.finditer(text):
        parts = list(re.finditer(_PLAIN, m.group("names")))
        shared = parts[-1].group(0).split()[1:]  # "North and South *Kivu*"
        for part in parts:
            start, end = m.start("names") + part.start(), m.start("names") + part.end()
            written = part.group(0)
            if written in _DIRECTION_WORDS and shared:
                written = " ".join([written, *shared])
            name, _ = _known(written, gazetteer, regions=True)
            if name and not gazetteer.country(name) and free(start, end):
                query = PlaceQuery(name, GeoPrecision.REGION, "", f"{name} region")
                found.append(PlaceCandidate(query, start, end, locative=True))
                taken.append((start, end))
    for rx in (_REGION_RX, _REGION_OF_RX):
        for m in rx.finditer(text):
            name, _ = _known(_trim(m.group("name")), gazetteer, regions=True)
            if name and not gazetteer.country(name) and free(m.start("name"), m.end()):
                query = PlaceQuery(name, GeoPrecision.REGION, "", f"{name} region")
                found.append(PlaceCandidate(query, m.start(), m.end(), locative=True))
                taken.append((m.start(), m.end()))
    for m in _LOCATIVE_RX.finditer(text):
        raw = m.group("name")
        pieces = _split_possessive(raw)
        # "seizing Goma and Bukavu", "in Kharkiv, Sumy and Odesa": the coordinated names too
        at = m.end("name")
        while (more := _COORDINATED_RX.match(text, at)) is not None:
            pieces.append((more.start("name") - m.start("name"), more.group("name")))
            at = more.end("name")
        for offset, part in pieces:
            start = m.start("name") + offset
            name, alias = _known(_trim(part), gazetteer)
            if not name or not free(start, start + len(name)):
                continue
            prep = m.group("prep")
            near = prep in ("near", "outside")
            if alias:
                label = name if alias.kind == "region" else ""
                query = PlaceQuery(alias.name, alias.precision, alias.iso2, label)
            else:
                query = PlaceQuery(name, GeoPrecision.TOWN)
            if near and query.precision == GeoPrecision.TOWN:
                query = PlaceQuery(query.name, GeoPrecision.NEAR_TOWN, query.iso2, query.label)
            found.append(
                PlaceCandidate(
                    query, start, start + len(name), locative=True, origin=prep == "from"
                )
            )
            taken.append((start, start + len(name)))
    return sorted(found, key=lambda c: c.start)


def _split_possessive(name: str) -> list[tuple[int, str]]:
    """ "Ireland’s Shannon" -> [(0, "Ireland"), (10, "Shannon")]."""
    parts: list[tuple[int, str]] = []
    pos = 0
    for m in re.finditer(r"['’]s\s+", name):
        parts.append((pos, name[pos : m.start()]))
        pos = m.end()
    parts.append((pos, name[pos:]))
    return [(o, p) for o, p in parts if p]
