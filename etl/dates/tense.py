"""The tense of the clause a date expression belongs to: it decides whether "Friday",
"June" or "March 14" point back or forward from the document date.

`clause_tense` reads the parse (an `etl.nlp.Sentence`): the verb governing the
expression, its auxiliaries, and the verb or adjective it depends on ("plans to meet",
"is due on"). `words_tense` is the fallback on plain text: cue words within the
expression's own clause only, so a "would" in another clause does not leak.
"""

from __future__ import annotations

import re
from enum import StrEnum

from etl.nlp import Sentence


class Tense(StrEnum):
    PAST = "past"
    PRESENT = "present"
    FUTURE = "future"


# Governors that put their complement ahead in time: "plans to meet on Friday".
PROSPECTIVE = frozenset(
    {
        "plan", "expect", "schedule", "set", "due", "intend", "aim", "hope", "want",
        "prepare", "slate", "poise", "go", "ready", "likely", "bound", "about",
    }
)  # fmt: skip
_FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo", "’ll"})
_VERB_TAGS = ("VB", "MD")


def _is_verb(sent: Sentence, i: int) -> bool:
    t = sent.tokens[i]
    return t.pos in ("VERB", "AUX") or t.tag.startswith(_VERB_TAGS)


def _governing_verb(sent: Sentence, i: int) -> int | None:
    for j in [i, *sent.ancestors(i)]:
        if _is_verb(sent, j) and sent.tokens[j].dep not in ("aux", "auxpass"):
            return j
    return None


def _verb_tense(sent: Sentence, v: int) -> Tense | None:
    tok = sent.tokens[v]
    auxes = [sent.tokens[c] for c in sent.children[v] if sent.tokens[c].dep in ("aux", "auxpass")]
    lowers = {a.lower for a in auxes}
    if lowers & _FUTURE_AUX or any(a.lemma in ("will", "shall") for a in auxes):
        return Tense.FUTURE
    modals = [a for a in auxes if a.tag == "MD"]
    if modals:
        return Tense.PAST if any(a.lemma == "have" for a in auxes) else Tense.FUTURE
    if any(a.tag == "VBD" for a in auxes) or any(a.lemma == "have" for a in auxes):
        return Tense.PAST
    head = sent.tokens[tok.head]
    if tok.dep == "xcomp" and head.lemma == "go" and head.tag == "VBG":
        return Tense.FUTURE  # "is going to meet"
    if "to" in lowers:  # an infinitive: ahead of a prospective governor, else unknown
        return Tense.FUTURE if head.lemma in PROSPECTIVE else None
    if tok.lemma in PROSPECTIVE and tok.tag == "VBN" and auxes:
        return Tense.FUTURE  # "is scheduled for Friday", "is expected on Monday"
    if tok.tag == "VBD":
        return Tense.PAST
    if tok.tag == "VBN":
        return Tense.PAST if not auxes else Tense.PRESENT
    if tok.tag == "VBG" and any(a.lemma == "be" for a in auxes):
        return Tense.FUTURE  # "is meeting on Friday": an arrangement
    if tok.lemma == "be":
        complements = [sent.tokens[c] for c in sent.children[v]]
        if any(c.lemma in PROSPECTIVE and c.dep in ("acomp", "attr", "oprd") for c in complements):
            return Tense.FUTURE  # "is due on Friday"
    if tok.tag in ("VBZ", "VBP"):
        return Tense.PRESENT
    return None


def clause_tense(sent: Sentence, start: int, end: int) -> Tense | None:
    """The tense of the clause holding the characters [start, end) of `sent.text`."""
    head = sent.span_head(start, end)
    if head is None:
        return None
    verb = _governing_verb(sent, head)
    return None if verb is None else _verb_tense(sent, verb)


_BOUNDARY = re.compile(
    r"[,;:()\[\]“”\"—]|\b(?:that|which|who|whom|whose|when|while|but|because|after|before|"
    r"although|though)\b",
    re.IGNORECASE,
)
_FUTURE_WORDS = re.compile(
    r"\b(?:will|shall|won't|wo|going\s+to|plans?\s+to|planned\s+(?:to|for)|due\s+(?:to|on|in)|"
    r"scheduled|set\s+(?:to|for)|expected\s+to|slated|upcoming|intends?\s+to|aims?\s+to|would)\b|'ll\b",
    re.IGNORECASE,
)
_PAST_WORDS = re.compile(
    r"\b(?:was|were|had|did|ago|has\s+been|have\s+been|[a-z]{3,}ed)\b", re.IGNORECASE
)
_NOT_PAST = frozenset({"need", "speed", "hundred", "indeed", "proceed", "exceed", "succeed"})
_PRESENT_WORDS = re.compile(r"\b(?:is|are|am|says|say)\b", re.IGNORECASE)


def words_tense(text: str, start: int, end: int) -> Tense | None:
    """Tense from cue words in the clause around [start, end) of plain text."""
    left = text[:start]
    cut = [m.end() for m in _BOUNDARY.finditer(left)]
    lo = cut[-1] if cut else 0
    right = _BOUNDARY.search(text, end)
    hi = right.start() if right else len(text)
    clause = text[lo:start] + " " + text[end:hi]
    if _FUTURE_WORDS.search(clause):
        return Tense.FUTURE
    if any(m.group(0).lower() not in _NOT_PAST for m in _PAST_WORDS.finditer(clause)):
        return Tense.PAST
    if _PRESENT_WORDS.search(clause):
        return Tense.PRESENT
    return None
