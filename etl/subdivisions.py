"""First-level subdivisions from ISO 3166-2 (the `iso3166-2` package, MIT): their names,
English other names and a representative point (the centroid of the subdivision's
OpenStreetMap polygon), matched to the gazetteer's GeoNames regions.

GeoNames gives each place a region code, and the region a name; ISO 3166-2 gives the
region's official and common English names ("Donetska oblast", "Donetsk", "Donbas") and
its centroid. A subdivision is matched to the GeoNames region of the same country that
shares a name form with it, else to the region of the GeoNames place nearest its
centroid — one subdivision per region; a subdivision whose region is taken is a region
of its own.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import util
from pathlib import Path

import numpy as np

_OTHER = re.compile(r"^(?P<name>.+?)\s*\((?P<lang>[a-z]{3})\)$")
CONNECTORS = frozenset({"and", "al", "el", "ad", "an", "as", "ash", "az", "de", "du", "la"})
COMPASS = frozenset({"central", "northern", "southern", "eastern", "western", "north", "south",
                     "east", "west"})  # fmt: skip


@dataclass(frozen=True)
class Subdivision:
    code: str  # "UA-14"
    iso2: str
    name: str
    other_names: tuple[str, ...]  # the English ones
    latitude: float
    longitude: float

    @property
    def english_name(self) -> str:
        """The official name when it is written in Latin letters, else an English one."""
        if latin(self.name) and "," not in self.name:
            return self.name
        return (*self.other_names, self.name)[0]

    @property
    def names(self) -> tuple[str, ...]:
        own = () if "," in self.name else (self.name,)  # "Adygeja, Respublika": inverted
        return (*own, *self.other_names)


def latin(name: str) -> bool:
    """Whether a name is written in Latin letters (with their accents)."""
    return all(ord(c) < 0x250 for c in name)


def _a_name(text: str) -> bool:
    """A name, not an acronym ("AP"), a nickname ("Land of Kings", "Gods own country") or a
    bare compass word ("Southern")."""
    words = text.replace("-", " ").split()
    if not words or any(c in text for c in "[/") or (text.isupper() and len(text) <= 4):
        return False
    if len(words) == 1 and words[0].lower() in COMPASS:
        return False
    return all(w[0].isupper() or w in CONNECTORS for w in words)


def english_other_names(field: str | None) -> tuple[str, ...]:
    """The English names of `localOtherName` ("Вінницька область (ukr), Vinnytsia (eng)")."""
    out = []
    for part in (field or "").split(", "):
        m = _OTHER.match(part.strip())
        if m and m["lang"] == "eng" and latin(m["name"]) and _a_name(m["name"].strip()):
            out.append(m["name"].strip())
    return tuple(dict.fromkeys(out))


def subdivisions_from_records(records: dict[str, dict[str, dict]]) -> list[Subdivision]:
    """Top-level subdivisions (no parent) with a point, from the package's JSON records."""
    out = []
    for iso2, subs in records.items():
        for code, rec in subs.items():
            point = rec.get("latLng") or []
            if rec.get("parentCode") or len(point) != 2:
                continue
            out.append(Subdivision(code, iso2, rec["name"],
                                   english_other_names(rec.get("localOtherName")),
                                   float(point[0]), float(point[1])))  # fmt: skip
    return out


def iso_subdivisions() -> list[Subdivision]:
    """The subdivisions the installed `iso3166-2` package ships ([] when it is missing)."""
    spec = util.find_spec("iso3166_2")
    if spec is None or spec.origin is None:
        return []
    with open(Path(spec.origin).parent / "iso3166-2.json", encoding="utf-8") as fh:
        return subdivisions_from_records(json.load(fh))


def match_regions(
    subdivisions: Iterable[Subdivision],
    region_names: dict[tuple[str, str], list[str]],
    places: Iterable[tuple[str, str, float, float]],
    forms: Callable[[str], set[str]],
) -> tuple[dict[tuple[str, str], Subdivision], set[tuple[str, str]], list[Subdivision]]:
    """Each GeoNames region (iso2, admin1 code) with its subdivision: by a shared name form
    (`forms` of the region's names), else by the region of the place (iso2, admin1, lat, lon)
    nearest the subdivision's point (those regions are also returned: their GeoNames name
    may be an older division's); and the subdivisions left over (the region is taken, or
    GeoNames divides the country in far fewer regions)."""
    by_country: dict[str, list[Subdivision]] = {}
    for s in subdivisions:
        by_country.setdefault(s.iso2, []).append(s)
    coords: dict[str, tuple[list[str], list[tuple[float, float]]]] = {}
    for iso2, code, lat, lon in places:
        if code and iso2 in by_country:
            codes, points = coords.setdefault(iso2, ([], []))
            codes.append(code)
            points.append((lat, lon))
    matched: dict[tuple[str, str], Subdivision] = {}
    by_place: set[tuple[str, str]] = set()
    left: list[Subdivision] = []
    for iso2, subs in by_country.items():
        index: dict[str, set[str]] = {}
        for (cc, code), names in region_names.items():
            for form in (f for n in names for f in forms(n)) if cc == iso2 else ():
                index.setdefault(form, set()).add(code)
        rest = []
        for s in subs:
            codes = {c for n in s.names for f in forms(n) for c in index.get(f, ())}
            if len(codes) == 1 and (iso2, (code := codes.pop())) not in matched:
                matched[(iso2, code)] = s
            else:
                rest.append(s)
        codes_list, points = coords.get(iso2, ([], []))
        if len(set(codes_list)) < 0.8 * len(subs):
            left.extend(rest)  # GeoNames divides the country otherwise (Gaza Strip, West Bank)
            continue
        array = np.radians(np.array(points))
        for s in sorted(rest, key=lambda s: s.code):
            key = (iso2, codes_list[_nearest(array, s.latitude, s.longitude)])
            if key in matched:
                left.append(s)
            else:
                matched[key] = s
                by_place.add(key)
    return matched, by_place, left


def _nearest(points: np.ndarray, lat: float, lon: float) -> int:
    """Index of the point nearest (lat, lon) on the sphere (haversine, radians array)."""
    la, lo = np.radians(lat), np.radians(lon)
    d = (
        np.sin((points[:, 0] - la) / 2) ** 2
        + np.cos(la) * np.cos(points[:, 0]) * np.sin((points[:, 1] - lo) / 2) ** 2
    )
    return int(np.argmin(d))
