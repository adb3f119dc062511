"""Facilities: airfields and air bases, power plants, dams, bridges and border crossings.

A strike on "the Dyagilevo airfield" or "the Kakhovka dam" is placed at the facility, not
at the region's centre or at the town whose name the facility bears (the Zaporizhzhia
nuclear plant is 50 km from Zaporizhzhia). Two sources:
- airfields from the `airportsdata` package (MIT): about 28,000 airports and military
  air bases with ICAO codes, coordinates, country and first-level region;
- landmarks from `etl/lexicons/landmarks.csv`: nuclear plants and sites, large dams,
  bridges and crossings that conflicts are reported at, each with the names news
  writes it under and its coordinates (Wikipedia's, to about 100 m); and the seas,
  gulfs and straits of naval warfare at a representative point, with no country.
A name is used only where it is unambiguous: one facility of that kind and name, or one
in the story's countries.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from importlib import resources

from etl.gazetteer import normalize

PACKAGE = "airportsdata"
# Words that name the kind of airfield, removed to get the name people use.
_KIND_WORDS = re.compile(
    r"\b(?:international|regional|municipal|military|air\s*force|naval|army|state|"
    r"air\s*base|airbase|airfield|air\s*field|airport|aerodrome|airstrip|heliport|base|"
    r"station)\b",
    re.IGNORECASE,
)
_SUFFIX_NUMBER = re.compile(r"[-\s]*\d+$")


class FacilityKind(StrEnum):
    AIRFIELD = "airfield"
    NUCLEAR = "nuclear"
    DAM = "dam"
    BRIDGE = "bridge"
    CROSSING = "crossing"
    WATER = "water"  # seas, gulfs, straits and lakes, named whole ("the Red Sea")


# The words after a name that say which kind of facility it names ("Engels air base",
# "the Kakhovka hydroelectric power plant", "Kursk NPP").
KIND_PATTERNS: dict[FacilityKind, str] = {
    FacilityKind.AIRFIELD: r"air\s?base|airfield|air\s+field|aerodrome|airport",
    FacilityKind.NUCLEAR: (
        r"(?:nuclear|atomic)(?:\s+power)?\s+(?:plant|station|facility|site|complex)|"
        r"(?:uranium\s+)?enrichment\s+(?:plant|facility|site)|NPP"
    ),
    FacilityKind.DAM: (
        r"(?:hydroelectric|hydro-electric|hydropower)(?:\s+power)?\s+(?:plant|station|dam)|"
        r"dam|HPP"
    ),
    FacilityKind.BRIDGE: r"bridge",
    FacilityKind.CROSSING: r"(?:border\s+)?crossing(?:\s+point)?",
}


def facility_kind(words: str) -> FacilityKind | None:
    """The kind of facility that `words` ("nuclear power plant", "airbase") name."""
    for kind, pattern in KIND_PATTERNS.items():
        if re.fullmatch(pattern, " ".join(words.split()), re.IGNORECASE):
            return kind
    return None


@dataclass(frozen=True)
class Facility:
    name: str
    latitude: float
    longitude: float
    iso2: str
    region: str
    icao: str = ""
    kind: FacilityKind = FacilityKind.AIRFIELD


def core_name(name: str) -> str:
    """ "Dyagilevo Air Base" -> "dyagilevo", "Engels-2 military airfield" -> "engels"."""
    core = _KIND_WORDS.sub(" ", name)
    core = _SUFFIX_NUMBER.sub("", " ".join(core.split()))
    return normalize(core)


Index = dict[str, tuple[Facility, ...]]


def facilities_from_rows(rows: list[dict[str, str]]) -> Index:
    """Airfields by core name, from rows of `airports.csv`."""
    index: dict[str, list[Facility]] = defaultdict(list)
    for r in rows:
        try:
            lat, lon = float(r["lat"]), float(r["lon"])
        except (KeyError, ValueError):
            continue
        f = Facility(r["name"], lat, lon, r.get("country", ""), r.get("subd", ""), r["icao"])
        key = core_name(r["name"])
        if key:
            index[key].append(f)
    return {k: tuple(v) for k, v in index.items()}


def landmarks_from_rows(rows: list[dict[str, str]]) -> dict[FacilityKind, Index]:
    """Landmarks by kind and by each of their names, from rows of `landmarks.csv`."""
    index: dict[FacilityKind, dict[str, list[Facility]]] = defaultdict(lambda: defaultdict(list))
    for r in rows:
        kind = FacilityKind(r["kind"])
        f = Facility(r["name"], float(r["latitude"]), float(r["longitude"]), r["iso2"],
                     r["admin1"], kind=kind)  # fmt: skip
        for name in {normalize(n) for n in r["names"].split(";") if n.strip()}:
            index[kind][name].append(f)
    return {kind: {k: tuple(v) for k, v in names.items()} for kind, names in index.items()}


@lru_cache(maxsize=1)
def facility_index() -> Index:
    """The airfields of `airportsdata`, by core name (empty if the package is missing)."""
    try:
        text = resources.files(PACKAGE).joinpath("airports.csv").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        return {}
    return facilities_from_rows(list(csv.DictReader(io.StringIO(text))))


@lru_cache(maxsize=1)
def _landmark_rows() -> tuple[dict[str, str], ...]:
    text = resources.files("etl.lexicons").joinpath("landmarks.csv").read_text("utf-8")
    return tuple(csv.DictReader(io.StringIO(text)))


@lru_cache(maxsize=1)
def landmark_index() -> dict[FacilityKind, Index]:
    return landmarks_from_rows(list(_landmark_rows()))


@lru_cache(maxsize=1)
def water_names() -> tuple[str, ...]:
    """The names of the seas, gulfs and straits, as written ("Red Sea", "Gulf of Aden")."""
    return tuple(
        n.strip()
        for r in _landmark_rows()
        if r["kind"] == FacilityKind.WATER
        for n in r["names"].split(";")
        if n.strip()
    )


def kind_index(kind: FacilityKind) -> Index:
    """The facilities of one kind, by the names news writes them under."""
    return facility_index() if kind == FacilityKind.AIRFIELD else landmark_index().get(kind, {})


def lookup_key(name: str, kind: FacilityKind) -> str:
    return core_name(name) if kind == FacilityKind.AIRFIELD else normalize(name)


def find_facility(
    name: str,
    countries: frozenset[str] = frozenset(),
    index: Index | None = None,
    kind: FacilityKind = FacilityKind.AIRFIELD,
) -> Facility | None:
    """The one facility of `kind` called `name` (in `countries` when there are several)."""
    found = (kind_index(kind) if index is None else index).get(lookup_key(name, kind), ())
    if len(found) > 1 and countries:
        found = tuple(f for f in found if f.iso2 in countries)
    return found[0] if len(found) == 1 else None
