"""An event's place through the parse (its date: `timing`; its actors: `parties`).

Every candidate (a place name, a date expression, an actor) is attributed to the
trigger nearest to it in the dependency tree. A candidate whose path to the trigger
passes through a reporting verb above the trigger ("…, officials *said* in Kyiv on
Monday") belongs to the statement, not to the event: such a place is not the event's,
and such a date is only a fallback. Character distance is used only when the parse
links nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from etl.events.lexicon import EventLexicon
from etl.events.syntax import (
    LOCATIVE_PREPS,
    lowest_common_ancestor,
    path_length,
)
from etl.nlp import Sentence
from etl.places import PlaceCandidate
from etl.schema import GeoPrecision, Place

MAX_PLACE_PATH = 7
FALLBACK_PATH = 20
DIRECTIONS = frozenset(
    {"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest",
     "north-east", "north-west", "south-east", "south-west"}
)  # fmt: skip
REFERENCE_WORDS = DIRECTIONS | {"mile", "kilometre", "kilometer", "km", "distance"}
COMPLEMENT_DEPS = frozenset({"ccomp", "xcomp", "parataxis", "advcl", "conj"})
OBJECT_DEPS = frozenset({"dobj", "dative"})
# Verbs whose object is where the event is ("visited Ukraine", "seized Goma and Bukavu").
DESTINATION_VERBS = frozenset(
    {"visit", "tour", "enter", "reach", "invade", "seize", "capture", "retake", "recapture",
     "liberate", "storm", "occupy"}
)  # fmt: skip
# Nouns for a part of an area: its possessor is where ("the region's northern edge").
AREA_PARTS = frozenset(
    {"edge", "outskirts", "part", "side", "border", "borderland", "centre", "center", "heart",
     "north", "south", "east", "west", "coast", "area", "suburb", "frontline", "countryside"}
)  # fmt: skip


@dataclass(frozen=True)
class Attributed:
    index: int  # position in the candidate list
    path: int  # arcs between the candidate's head and the trigger
    via_reporting: bool  # the path goes through a reporting verb above the trigger


def reporting_tokens(sent: Sentence, lex: EventLexicon) -> set[int]:
    return {t.i for t in sent.tokens if t.pos == "VERB" and lex.cue(t.lemma, "reporting")}


def attribute(
    sent: Sentence, trigger: int, head: int | None, reporting: set[int]
) -> tuple[int, bool] | None:
    if head is None:
        return None
    lca = lowest_common_ancestor(sent, trigger, head)
    via = lca is not None and lca != trigger and lca in reporting and lca != head
    if via:
        # only when the event is told in the reporting verb's complement clause
        # ("officials said [the city was shelled]"), not when it is the verb's own
        # subject or object ("explosions were reported in X")
        below = next(t for t in [trigger, *sent.ancestors(trigger)] if sent.tokens[t].head == lca)
        via = sent.tokens[below].dep in COMPLEMENT_DEPS
        if not via and sent.tokens[below].dep in OBJECT_DEPS:
            # "X, speaking in Kyiv, *described* the talks": an active reporting verb's
            # own adjuncts are where the speaker was, not where its object happened
            via = any(sent.tokens[c].dep == "nsubj" for c in sent.children[lca])
    return path_length(sent, trigger, head), via


def place_head(sent: Sentence, c: PlaceCandidate) -> int | None:
    return sent.span_head(c.start, c.end)


def is_locative_slot(sent: Sentence, i: int) -> bool:
    """Whether token `i` stands where a place stands: object of a locative preposition,
    "the city of X", or an apposition or compound of such a word."""
    t = sent.tokens[i]
    j = t.head
    if t.dep in ("compound", "appos", "conj") and j != i:
        t, j = sent.tokens[j], sent.tokens[j].head
    head = sent.tokens[j]
    if t.dep == "dobj" and head.lemma in DESTINATION_VERBS:
        return True  # "Blinken *visited* Ukraine"
    return t.dep == "pobj" and head.lower in LOCATIVE_PREPS


def choose_place(
    sent: Sentence,
    trigger: int,
    candidates: list[tuple[PlaceCandidate, Place]],
    reporting: set[int],
    agents: set[int],
    motion: bool = False,
    others: frozenset[int] = frozenset(),
) -> tuple[PlaceCandidate, Place, int] | None:
    """The event's place among the sentence's geocoded candidates: the most specific
    within reach in the tree, then the nearest. Never a reporting clause's place, the
    agent ("Russia launched drones"), a "from" origin, a country outside a locative
    slot (a party: "talks between Russia and Ukraine"), unless the event is a
    movement a "to" recipient ("aid to Ukraine"), and for talks the topic ("talks on
    Ukraine"), nor a place that belongs to another event of the sentence (`others`, its
    triggers: "reached after a year of *fighting* in Gaza"). With nothing in reach, the nearest
    usable name in the sentence, as a fallback (`path` then counts as far)."""
    scored: list[tuple[int, int, int, PlaceCandidate, Place]] = []
    for c, p in candidates:
        head = place_head(sent, c)
        found = attribute(sent, trigger, head, reporting)
        if found is None or head is None:
            continue
        path, via = found
        if via or head in agents or c.origin or not_where(sent, head):
            continue
        if others and _owned_by(sent, head, trigger, others):
            continue
        if _of_the_first_conjunct(sent, trigger, head):
            continue
        if p.precision == GeoPrecision.COUNTRY and not is_locative_slot(sent, head):
            continue
        if not motion and _preposition(sent, head) in ("to", "into", "toward", "towards"):
            continue
        if motion and _in_topic(sent, trigger, head):
            continue  # "talks on Ukraine": the topic, not where they are held
        if path > MAX_PLACE_PATH:
            path = FALLBACK_PATH + abs(c.start - sent.tokens[trigger].start) // 20
        scored.append((int(p.precision), path, c.start, c, p))
    if not scored:
        return None
    best = min(scored, key=lambda s: (s[1] > 4, s[1] >= FALLBACK_PATH, s[0], s[1], s[2]))
    candidate, place = best[3], best[4]
    head = place_head(sent, candidate)
    if head is not None and place.precision == GeoPrecision.TOWN and _beside(sent, head):
        place = replace(place, precision=GeoPrecision.NEAR_TOWN)  # "west of Khan Younis"
    return candidate, place, best[1]


def _beside(sent: Sentence, i: int) -> bool:
    t = sent.tokens[i]
    if t.dep != "pobj" or sent.tokens[t.head].lower != "of":
        return False
    return _vicinity(sent, sent.tokens[t.head].head)


TOPIC_PREPS = frozenset({"on", "about", "over", "regarding", "concerning"})


def _in_topic(sent: Sentence, trigger: int, head: int) -> bool:
    """Whether the name is (in) what talks are about: "talks on Ukraine", "negotiations
    about the war in Ukraine" — a topic preposition between the trigger and the name."""
    if _preposition(sent, head) in TOPIC_PREPS:
        return True
    up = sent.ancestors(head)
    if trigger not in up:
        return False
    return any(
        sent.tokens[t].dep == "prep" and sent.tokens[t].lower in TOPIC_PREPS
        for t in up[: up.index(trigger)]
    )


def _of_the_first_conjunct(sent: Sentence, trigger: int, head: int) -> bool:
    """ "She *lived* in Los Angeles but was *arrested* while visiting Russia": a place
    on the first of two coordinated verbs is that verb's, not the second's."""
    lca = lowest_common_ancestor(sent, trigger, head)
    if lca is None or lca in (trigger, head) or sent.tokens[lca].pos != "VERB":
        return False
    branch = {
        n: next(t for t in [n, *sent.ancestors(n)] if sent.tokens[t].head == lca)
        for n in (trigger, head)
    }
    return sent.tokens[branch[trigger]].dep == "conj" and sent.tokens[branch[head]].dep == "prep"


def _owned_by(sent: Sentence, head: int, trigger: int, others: frozenset[int]) -> bool:
    """Whether another trigger stands between the place and the trigger in the tree,
    below their common ancestor (the place is that trigger's argument)."""
    lca = lowest_common_ancestor(sent, trigger, head)
    for t in sent.ancestors(head):
        if t in (lca, trigger):
            return False
        if t in others:
            return True
    return False


def not_where(sent: Sentence, i: int) -> bool:
    """A name that is not where something happened: a possessor ("Moscow's forces") or a
    reference point ("north of Mykolaiv", "1,000 miles east of Moscow")."""
    t = sent.tokens[i]
    if t.dep == "poss":  # but "the region's northern *edge*" is a part of the place
        return not (t.head != i and sent.tokens[t.head].lemma in AREA_PARTS)
    if t.dep == "pobj" and sent.tokens[t.head].lower in ("of", "from"):
        above = sent.tokens[sent.tokens[t.head].head]
        return above.lemma in REFERENCE_WORDS and not _vicinity(sent, above.i)
    return False


def _vicinity(sent: Sentence, i: int) -> bool:
    """A bare direction ("a home *west of* Khan Younis") tells the vicinity of the place;
    one with a distance ("1,000 miles east of Moscow") tells a reference point."""
    if sent.tokens[i].lemma not in DIRECTIONS:
        return False
    near = {*sent.subtree(i), *range(max(0, i - 5), i)} - {i}  # "20 km south-west of"
    return not any(
        sent.tokens[d].pos == "NUM" or sent.tokens[d].lemma in REFERENCE_WORDS - DIRECTIONS
        for d in near
    )


def _preposition(sent: Sentence, i: int) -> str:
    t = sent.tokens[i]
    if t.dep in ("compound", "appos", "conj"):
        t = sent.tokens[t.head]
    head = sent.tokens[t.head]
    return head.lower if t.dep == "pobj" else ""


def other_places(
    sent: Sentence,
    trigger: int,
    chosen: PlaceCandidate,
    candidates: list[tuple[PlaceCandidate, Place]],
    reporting: set[int],
    agents: set[int],
) -> list[tuple[PlaceCandidate, Place]]:
    """Further places of a coordinated target ("hit a refinery in A and a railway in B",
    "seized Goma and Bukavu"): town- or region-level names in locative slots outside the
    chosen place's phrase, or coordinated with the chosen name itself."""
    chosen_head = place_head(sent, chosen)
    if chosen_head is None:
        return []
    related = {chosen_head, *sent.ancestors(chosen_head), *sent.subtree(chosen_head)}
    related -= _conjuncts(sent, chosen_head)
    place = next((p for c, p in candidates if c == chosen), None)
    out = []
    for c, p in candidates:
        head = place_head(sent, c)
        if head is None or head in related or head in agents or c.origin or not_where(sent, head):
            continue
        if place is not None and _contains(p, place):
            continue  # "the X airfield in the Y region": Y says where X is
        if p.precision == GeoPrecision.COUNTRY or not is_locative_slot(sent, head):
            continue
        found = attribute(sent, trigger, head, reporting)
        if found is None or found[1]:
            continue
        verbs = [t for t in sent.ancestors(head) if sent.tokens[t].pos == "VERB"]
        if verbs and verbs[0] != trigger and sent.tokens[trigger].pos == "VERB":
            continue  # "took Hama days after *capturing* Aleppo": another verb's place
        out.append((c, p))
    return out


def _conjuncts(sent: Sentence, head: int) -> set[int]:
    """The names coordinated with `head` ("Goma *and Bukavu*"), with their own words."""
    out: set[int] = set()
    todo = [head]
    while todo:
        for c in sent.children[todo.pop()]:
            if sent.tokens[c].dep == "conj" and sent.tokens[c].pos == "PROPN":
                out.update(sent.subtree(c))
                todo.append(c)
    return out


def _contains(area: Place, place: Place) -> bool:
    """Whether `area` is the region (or country) that `place` lies in."""
    if area.precision == GeoPrecision.COUNTRY:
        return area.iso3 == place.iso3
    return (
        area.precision == GeoPrecision.REGION
        and place.precision < GeoPrecision.REGION
        and bool(area.admin1)
        and area.admin1 == place.admin1
    )
