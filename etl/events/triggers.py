"""Event triggers in a parsed sentence: lemma and part of speech, checked for sense.

A token is a trigger when its lemma and POS are in the lexicon and the sense the rule
needs is there in its arguments: "two leaders *clashed* in a meeting" has no weapon,
armed actor or place, so it is no battle; "*captured* ten soldiers" has no place, so
it is no capture; "*struck* a deal" has an accord object, so it is an agreement.
Weapons among the arguments refine the sub-type ("drone strike") and make an armed
attack a remote strike. Of triggers that describe one happening in one clause ("missile
strikes *killed*", "*launched* a drone *attack*") only the most specific is kept.
"""

from __future__ import annotations

from dataclasses import dataclass

from etl.events.lexicon import EventLexicon, TriggerRule
from etl.events.syntax import (
    PASSIVE_SUBJECTS,
    SUBJECTS,
    arguments,
    governing_verb,
    objects_of,
    path_length,
    subject_of,
    with_words_present,
)
from etl.nlp import Sentence
from etl.schema import TYPE_GROUPS, EventType

NOUN_POS = ("NOUN", "PROPN")
REMOTE_WEAPONS = frozenset({"drone strike", "missile strike", "air strike", "shelling"})
VIOLENT = frozenset({EventType.REMOTE_STRIKE, EventType.ARMED_CLASH})


@dataclass(frozen=True)
class TriggerHit:
    token: int
    rule: TriggerRule
    event_type: EventType
    sub_event_type: str
    evidence: float  # 0..1: how strongly the arguments confirm the sense


def _pos_key(pos: str) -> str | None:
    if pos == "VERB":
        return "VERB"
    if pos in NOUN_POS:
        return "NOUN"
    return None


def weapon_of(sent: Sentence, i: int, lex: EventLexicon) -> str:
    """The strike sub-type implied by a weapon in the trigger's arguments, or ''."""
    own = lex.value(sent.tokens[i].lemma, "weapon")
    if own and sent.tokens[i].pos in NOUN_POS:
        return own
    for j in arguments(sent, i, depth=3):
        value = lex.value(sent.tokens[j].lemma, "weapon")
        if value:
            return value
    return ""


def _has_class(sent: Sentence, tokens: list[int], lex: EventLexicon, word_class: str) -> bool:
    return any(lex.is_a(sent.tokens[j].lemma, word_class) for j in tokens)


def _sense(
    sent: Sentence, i: int, rule: TriggerRule, lex: EventLexicon, place_heads: set[int]
) -> float | None:
    """How well the arguments confirm the rule's sense (None: they do not)."""
    needs = rule.needs
    if needs == "any":
        return 0.5
    args = arguments(sent, i, depth=3)
    # "a fire *broke out* in the tower of X": a noun that a happening verb asserts shares
    # that verb's places
    anchor = sent.tokens[i].head if happens(sent, i) else i
    near_place = any(path_length(sent, anchor, p) <= 4 for p in place_heads)
    if needs == "weapon":
        return 1.0 if weapon_of(sent, i, lex) else None
    if needs == "place":
        objs = objects_of(sent, i)
        subj = subject_of(sent, i)
        slots = set(objs) | ({subj} if subj is not None and rule.with_words else set())
        if slots & place_heads or any(lex.is_a(sent.tokens[j].lemma, "settlement") for j in slots):
            return 1.0
        return 0.6 if near_place else None
    if needs == "armed":
        if weapon_of(sent, i, lex) or _has_class(sent, args, lex, "armed"):
            return 1.0
        if _has_class(sent, objects_of(sent, i), lex, "facility") or near_place:
            return 0.7
        if _definite(sent, i):
            return 0.3  # "the attack": armed if the story told one before (see extractor)
        return None
    kind, word_class = needs.split(":", 1)
    if kind == "object":
        slots = objects_of(sent, i)
        verb_args = [c for c in sent.children[i] if sent.tokens[c].dep in PASSIVE_SUBJECTS]
        return 1.0 if _has_class(sent, slots + verb_args, lex, word_class) else None
    subj = subject_of(sent, i)
    if subj is None:
        return None
    return 1.0 if _has_class(sent, [subj, *sent.children[subj]], lex, word_class) else None


# Verbs that assert their subject event happened ("a fire broke out", "clashes erupted").
HAPPENING_VERBS = frozenset({"break", "erupt", "occur", "happen", "flare", "rage", "start"})


def happens(sent: Sentence, i: int) -> bool:
    """Whether event noun `i` is the subject of a verb that asserts it happened."""
    tok = sent.tokens[i]
    head = sent.tokens[tok.head]
    return tok.pos in NOUN_POS and tok.dep == "nsubj" and head.lemma in HAPPENING_VERBS


def _definite(sent: Sentence, i: int) -> bool:
    return sent.tokens[i].pos in NOUN_POS and any(
        sent.tokens[c].dep == "det" and sent.tokens[c].lemma in ("the", "this", "that")
        for c in sent.children[i]
    )


def _group(t: EventType) -> int:
    return next(n for n, g in enumerate(TYPE_GROUPS) if t in g)


def hyphen_joined(sent: Sentence, i: int, lex: EventLexicon) -> str:
    """The lemma of a hyphenated word's last part, or of the whole word where the
    lexicon knows it as one ("cease-fire" is a ceasefire, not a fire)."""
    tok = sent.tokens[i]
    if i < 2 or sent.tokens[i - 1].text != "-":
        return tok.lemma
    dash, first = sent.tokens[i - 1], sent.tokens[i - 2]
    if dash.start != first.start + len(first.text) or tok.start != dash.start + 1:
        return tok.lemma
    joined = first.lower + tok.lemma
    return joined if lex.base(joined) in lex.known else tok.lemma


def find_triggers(
    sent: Sentence, lex: EventLexicon, place_heads: set[int] | frozenset[int] = frozenset()
) -> list[TriggerHit]:
    """Triggers of `sent`, one per happening, in text order. `place_heads` are the head
    tokens of the place names found in the sentence (a sense argument for some rules)."""
    hits: list[TriggerHit] = []
    for tok in sent.tokens:
        key = _pos_key(tok.pos)
        if key is None or (key == "VERB" and tok.dep == "amod"):
            continue
        modifier = key != "VERB" and tok.dep == "compound" and tok.head != tok.i
        for rule in lex.rules_for(hyphen_joined(sent, tok.i, lex), key):
            if modifier and rule.event_type in VIOLENT:
                break  # "air-raid *alarms*", "attack *drones*": a kind of thing, not a happening
            if rule.with_words and not with_words_present(sent, tok.i, rule.with_words):
                continue
            if rule.with_words and _tasked_with(sent, tok.i, rule.with_words, lex):
                continue
            evidence = _sense(sent, tok.i, rule, lex, set(place_heads))
            if evidence is None:
                continue
            event_type, sub = rule.event_type, rule.sub_event_type
            if event_type in VIOLENT:
                weapon = weapon_of(sent, tok.i, lex)
                if weapon in REMOTE_WEAPONS:
                    event_type, sub = EventType.REMOTE_STRIKE, weapon
                elif weapon and event_type == EventType.REMOTE_STRIKE and sub == "strike":
                    sub = weapon
            hits.append(TriggerHit(tok.i, rule, event_type, sub, evidence))
            break
    return _collapse(sent, hits)


def _tasked_with(sent: Sentence, i: int, words: frozenset[str], lex: EventLexicon) -> bool:
    """ "officials *charged with* pushing Ukraine out": a task, not a charge. The rule's
    preposition takes a gerund that is neither an offence nor an event (CAMEO files
    "charged with forming a government" as cooperation); "charged with treason" or
    "with killing civilians" stay charges."""
    for c in sent.children[i]:
        prep = sent.tokens[c]
        if prep.dep != "prep" or prep.lower not in words:
            continue
        kids = [sent.tokens[k] for k in sent.children[c]]
        if any(k.dep == "pobj" for k in kids):
            continue
        for k in kids:
            if k.dep == "pcomp" and k.pos == "VERB":
                offence = lex.is_a(k.lemma, "offence") or lex.rules_for(k.lemma, "VERB")
                if not offence:
                    return True
    return False


def _collapse(sent: Sentence, hits: list[TriggerHit]) -> list[TriggerHit]:
    """Drop a trigger that restates a nearby one of the same group, or a generic verb
    ("killed", "hit") whose clause holds a specific trigger."""
    keep: list[TriggerHit] = []
    for h in hits:
        rivals = [
            o
            for o in hits
            if o is not h
            and path_length(sent, h.token, o.token) <= 2
            and (
                _group(o.event_type) == _group(h.event_type)
                or (h.rule.generic and o.event_type in VIOLENT)
            )
        ]
        if any(_outranks(sent, o, h) for o in rivals):
            continue
        keep.append(h)
    return keep


def _outranks(sent: Sentence, a: TriggerHit, b: TriggerHit) -> bool:
    if a.rule.generic != b.rule.generic:
        return b.rule.generic
    if (a.rule.strength, a.evidence) != (b.rule.strength, b.evidence):
        return (a.rule.strength + a.evidence) > (b.rule.strength + b.evidence)
    return a.token < b.token


def agent_slots(sent: Sentence, i: int, judges: frozenset[str] = frozenset()) -> list[int]:
    """Tokens that name who did it: subject, "by" agent, a nationality or possessive
    modifier of the trigger noun, or the subject of the verb that governs it — unless
    that verb only judges the event (`judges`: "the minister *termed* the strike …")."""
    out: list[int] = []
    tok = sent.tokens[i]
    for c in sent.children[i]:
        dep = sent.tokens[c].dep
        modifier = dep in ("amod", "compound", "nmod") and tok.pos != "VERB"
        if dep in SUBJECTS or dep == "poss" or modifier:
            out.append(c)
        if dep == "agent":
            out.extend(g for g in sent.children[c] if sent.tokens[g].dep == "pobj")
    verb = governing_verb(sent, i)
    if verb is None and tok.dep == "xcomp" and tok.head != i:
        verb = tok.head  # "drones attempted to strike": the controller is the agent
    if verb is None and tok.dep == "pobj" and sent.tokens[tok.head].lower == "of":
        amount = sent.tokens[tok.head].head  # "carried out *a round of* airstrikes"
        if sent.tokens[amount].pos == "NOUN" and amount != tok.head:
            verb = governing_verb(sent, amount)
    if verb is not None and sent.tokens[verb].lemma not in judges:
        subj = subject_of(sent, verb)
        if subj is not None:
            out.append(subj)
    expanded: list[int] = []
    todo = list(out)
    while todo:  # "the *Ukrainian* Defence Ministry": modifiers of modifiers too
        o = todo.pop(0)
        if o in expanded:
            continue
        expanded.append(o)
        todo.extend(
            c
            for c in sent.children[o]
            if sent.tokens[c].dep
            in ("amod", "compound", "poss", "nmod")  # "*Ukrainian* drone and missile attacks"
        )
    return expanded
