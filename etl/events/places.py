"""Place candidates of a parsed sentence: lexicon patterns plus the model's entities.

`etl.places.find_places` finds aliases, "X region" and names after locative words;
here the parse adds GPE/LOC/FAC entities and any name standing in a locative slot
("a strike on the city of *Poltava*", "around *Kherson*") even when the model
labels it PERSON or ORG, as small models often do with unfamiliar towns.
"""

from __future__ import annotations

import re

from etl.events.arguments import is_locative_slot
from etl.events.unlisted import unlisted_candidates
from etl.gazetteer import Gazetteer
from etl.geocode import PlaceQuery
from etl.nlp import Sentence
from etl.places import PlaceCandidate, find_places, town_name
from etl.schema import GeoPrecision

PLACE_LABELS = ("GPE", "LOC", "FAC")
SLOT_DEPS = ("nsubjpass", "dobj")
SLOT_LABELS = ("PERSON", "ORG", "NORP", "")
_LEADING = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"['’]s?$")
_REGION_WORD = re.compile(r"\s+(?:region|oblast|province|governorate|state|krai)\b", re.IGNORECASE)


def _clean(name: str) -> str:
    return _POSSESSIVE.sub("", _LEADING.sub("", name.strip())).strip(" ,.")


def _known(name: str, gazetteer: Gazetteer) -> bool:
    return bool(gazetteer.country(name) or town_name(name, gazetteer))


def _entity_in_slot(sent: Sentence, start: int, end: int) -> bool:
    """A locative slot, or the object of a verb ("drones struck *Kharkiv*")."""
    head = sent.span_head(start, end)
    if head is None:
        return False
    tok = sent.tokens[head]
    if tok.dep in ("dobj", "nsubjpass") and sent.tokens[tok.head].pos == "VERB":
        return True
    return is_locative_slot(sent, head)


def place_candidates(sent: Sentence, gazetteer: Gazetteer) -> list[PlaceCandidate]:
    """Place names in the sentence, each once, in text order."""
    persons = [
        (e.start, e.end)
        for e in sent.entities
        if e.label == "PERSON"
        and not _entity_in_slot(sent, e.start, e.end)
        and not _REGION_WORD.match(sent.text, e.end)  # "the Kherson region"
    ]
    found = list(find_places(sent.text, gazetteer, persons))
    taken = [(c.start, c.end) for c in found]
    for e in sent.entities:
        in_slot = _entity_in_slot(sent, e.start, e.end)
        if e.label not in PLACE_LABELS and not (e.label in SLOT_LABELS and in_slot):
            continue
        if any(s < e.end and e.start < t for s, t in taken) or (e.start, e.end) in persons:
            continue
        name = _clean(e.text)
        if not name or not name[0].isupper() or not _known(name, gazetteer):
            continue
        offset = e.text.find(name)
        start = e.start + max(offset, 0)
        query = PlaceQuery(name, GeoPrecision.TOWN)
        found.append(PlaceCandidate(query, start, start + len(name), locative=in_slot))
        taken.append((start, start + len(name)))
    # a capitalised name in an argument slot that the model did not tag ("Kharkiv was hit")
    for t in sent.tokens:
        if not t.text[:1].isupper() or t.pos not in ("PROPN", "NOUN"):
            continue
        if t.dep not in SLOT_DEPS and not (
            t.pos == "PROPN" and t.dep != "compound" and is_locative_slot(sent, t.i)
        ):
            continue
        if any(s <= t.start < e for s, e in taken) or any(
            e.start <= t.start < e.end for e in sent.entities
        ):
            continue
        if any(
            sent.tokens[c].dep == "compound" and sent.tokens[c].pos == "PROPN"
            for c in sent.children[t.i]
        ):
            continue
        if town_name(t.text, gazetteer) and not gazetteer.country(t.text):
            query = PlaceQuery(t.text, GeoPrecision.TOWN)
            found.append(
                PlaceCandidate(query, t.start, t.end, locative=is_locative_slot(sent, t.i))
            )
            taken.append((t.start, t.end))
    found.extend(unlisted_candidates(sent, gazetteer, taken))
    return sorted(found, key=lambda c: c.start)
