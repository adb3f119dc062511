"""Facilities: airfields and air bases, from the `airportsdata` package (MIT).

A strike on "the Dyagilevo airfield" or "Engels air base" is placed at the runway, not
at the region's centre or a namesake town. `airportsdata` ships about 28,000 airports
and military air bases with ICAO codes, coordinates, country and first-level region
(its `airports.csv`). A name is used only where it is unambiguous: one facility of
that name, or one in the story's countries.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from etl.gazetteer import normalize

PACKAGE = "airportsdata"
# Words that name the kind of facility, removed to get the name people use.
_KIND_WORDS = re.compile(
    r"\b(?:international|regional|municipal|military|air\s*force|naval|army|state|"
    r"air\s*base|airbase|airfield|air\s*field|airport|aerodrome|airstrip|heliport|base|"
    r"station)\b",
    re.IGNORECASE,
)
_SUFFIX_NUMBER = re.compile(r"[-\s]*\d+$")


@dataclass(frozen=True)
class Facility:
    name: str
    latitude: float
    longitude: float
    iso2: str
    region: str
    icao: str


def core_name(name: str) -> str:
    """ "Dyagilevo Air Base" -> "dyagilevo", "Engels-2 military airfield" -> "engels"."""
    core = _KIND_WORDS.sub(" ", name)
    core = _SUFFIX_NUMBER.sub("", " ".join(core.split()))
    return normalize(core)


def facilities_from_rows(rows: list[dict[str, str]]) -> dict[str, tuple[Facility, ...]]:
    """Facilities by core name, from rows of `airports.csv`."""
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


@lru_cache(maxsize=1)
def facility_index() -> dict[str, tuple[Facility, ...]]:
    """The airfields of `airportsdata`, by core name (empty if the package is missing)."""
    try:
        text = resources.files(PACKAGE).joinpath("airports.csv").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        return {}
    return facilities_from_rows(list(csv.DictReader(io.StringIO(text))))


def find_facility(
    name: str,
    countries: frozenset[str] = frozenset(),
    index: dict[str, tuple[Facility, ...]] | None = None,
) -> Facility | None:
    """The one facility called `name` (in `countries` when there are several)."""
    found = (facility_index() if index is None else index).get(core_name(name), ())
    if len(found) > 1 and countries:
        found = tuple(f for f in found if f.iso2 in countries)
    return found[0] if len(found) == 1 else None
