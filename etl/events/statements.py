"""Statements: a reporting verb whose speaker is a known actor, in a sentence with no
other event ("The Kremlin *called* the incident a terrorist act on Wednesday").

The speaker is the verb's subject (or "according to X"), a pronoun taking the last
person named; the date is the verb's own date expression, else the story's context.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from etl.actors import ActorMention
from etl.dates import TemporalExpression, clause_tense, is_future_expression, resolve
from etl.events.arguments import is_locative_slot
from etl.events.factuality import Mode, factuality
from etl.events.quotes import inside_quote
from etl.events.syntax import subject_of
from etl.events.timing import choose_date
from etl.ingest import Document
from etl.nlp import Sentence
from etl.places import PlaceCandidate
from etl.schema import EventType, GeoPrecision, Mention, Place, Status

if TYPE_CHECKING:
    from etl.events.extractor import Extractor
    from etl.events.frame import Frame

PRONOUNS = frozenset({"he", "she"})
_QUOTE = re.compile(r"[“\"]([^”\"]{12,}?)[”\"]")
KIND_CUES = (
    ("social media post", re.compile(r"\b(?:wrote|posted|post) on (?:x|telegram|facebook|social media)\b|\bon x\b", re.I)),
    ("interview", re.compile(r"\binterview", re.I)),
    ("press remarks", re.compile(r"\b(?:news|press) conference\b|\bbriefing\b|\btold (?:reporters|journalists)\b", re.I)),
    ("written statement", re.compile(r"\bin a statement\b", re.I)),
    ("denial", re.compile(r"\bden(?:ied|y|ies)\b", re.I)),
    ("warning", re.compile(r"\bwarn\w*\b|\bthreat\w*\b", re.I)),
)  # fmt: skip


def statement_kind(text: str) -> str:
    return next((kind for kind, rx in KIND_CUES if rx.search(text)), "remarks")


def _speaker(
    sent: Sentence, verb: int, actors: list[ActorMention], last_person: ActorMention | None
) -> ActorMention | None:
    subj = subject_of(sent, verb)
    spans: list[int] = []
    if subj is not None:
        spans = sent.subtree(subj)
    else:
        for c in sent.children[verb]:
            if sent.tokens[c].dep == "prep" and sent.tokens[c].lower == "according":
                spans = sent.subtree(c)
    if not spans:
        return None
    lo, hi = sent.tokens[spans[0]].start, sent.tokens[spans[-1]].end
    inside = [a for a in actors if lo <= a.start < hi and a.actor.maps_to]
    if inside:
        persons = [a for a in inside if a.is_person]
        return persons[0] if persons else inside[0]
    if subj is not None and sent.tokens[subj].lower in PRONOUNS:
        return last_person
    return None


def where_said(
    sent: Sentence, verb: int, places: Sequence[tuple[PlaceCandidate, Place]]
) -> Place | None:
    """The place the reporting verb itself is at ("told the council *in New York*",
    "said *in Kyiv*"): a town-level name in a locative slot of the verb's own
    prepositional phrases, not in what was said nor in the speaker's description."""

    def on_the_verb(h: int) -> bool:  # verb → prep → noun (→ prep → noun), no clause
        ancestors = sent.ancestors(h)
        if verb not in ancestors:
            return False
        between = ancestors[: ancestors.index(verb)]
        return all(sent.tokens[t].dep in ("prep", "pobj", "compound", "appos") for t in between)

    found = [
        p
        for c, p in places
        if (h := sent.span_head(c.start, c.end)) is not None
        and is_locative_slot(sent, h)
        and on_the_verb(h)
        and not c.origin
        and p.precision <= GeoPrecision.NEAR_TOWN
    ]
    return min(found, key=lambda p: p.precision) if found else None


def statement_for(
    doc: Document,
    sent: Sentence,
    actors: list[ActorMention],
    expressions: list[TemporalExpression],
    frame: Frame,
    extractor: Extractor,
    stance_only: bool = False,
    places: Sequence[tuple[PlaceCandidate, Place]] = (),
) -> Mention | None:
    """The sentence's statement, if any. With `stance_only` (the sentence also tells an
    event), only a stance worth its own entry: a denial, accusation, warning, finding."""
    lex = extractor.events
    for tok in sent.tokens:
        if tok.pos != "VERB" or not lex.cue(tok.lemma, "reporting"):
            continue
        if inside_quote(sent.text, tok.start):
            continue  # "“I am pleased to *say* …,” the minister said": the quote's own verb
        if stance_only and not lex.cue(tok.lemma, "stance"):
            continue
        if factuality(sent, tok.i, lex).mode == Mode.IRREALIS:
            continue
        speaker = _speaker(sent, tok.i, actors, frame.last_person)
        if speaker is None or not speaker.actor.maps_to or speaker.actor.role == "analyst":
            continue
        # the verb's own date, not one inside what was said ("said its troops last week…")
        # nor one describing the speaker ("X, who met her four years ago, said")
        told = [
            c
            for c in sent.children[tok.i]
            if sent.tokens[c].dep in ("ccomp", "xcomp", "parataxis", "nsubj", "nsubjpass")
        ]
        inner = {t for c in told for t in sent.subtree(c)}
        own = [e for e in expressions if sent.span_head(e.start, e.end) not in inner]
        choice = choose_date(sent, tok.i, own, set(), {})
        date_range, source = None, ""
        if choice is not None and not is_future_expression(choice.expression):
            expr = choice.expression
            tense = clause_tense(sent, expr.start, expr.end)
            date_range = resolve(expr, doc.published, tense=tense)
            source = "sentence"
        if date_range is None or (doc.published and date_range.start > doc.published):
            # an undated "…," he said: said for the story, not on the day of an event the
            # paragraph tells ("when they met last month, …" — "…," he said)
            date_range, source = extractor.context_date(doc, frame, None, False, paragraph=False)
        if date_range is None:
            return None
        place = where_said(sent, tok.i, places)
        if place is None and speaker.actor.country:
            country = extractor.resolver.gazetteer.country(speaker.actor.country)
            place = extractor.resolver.seat_of_government(country.iso2) if country else None
        quote = _QUOTE.search(sent.text)
        gist = quote.group(1).strip() if quote else sent.text
        gist = gist if len(gist) <= 110 else gist[:107].rsplit(" ", 1)[0] + "…"
        name = speaker.actor.canonical
        summary = f"{name}: “{gist}”" if quote else f"{name}: {gist}"
        others = [
            a.actor.maps_to for a in actors if a.actor.maps_to not in ("", speaker.actor.maps_to)
        ]
        confidence = 0.45 + (0.2 if source == "sentence" else 0.1)
        confidence += 0.05 if speaker.is_person else 0.0
        return extractor.record(
            doc, sent, tok.text, tok.start, EventType.STATEMENT, statement_kind(sent.text),
            Status.REPORTED, name, speaker.actor.maps_to, others[0] if others else "",
            list(dict.fromkeys([speaker.actor.maps_to, *others])),
            [name] if speaker.is_person else [], place, date_range, source, None, None,
            summary, confidence, speaker_group=name,
        )  # fmt: skip
    return None
