"""Clues a sentence gives about one trigger: whether it is generic or bare, told in a
relative clause, between one side's own people, and which trigger a date is nearest."""

from __future__ import annotations

from etl.actors import ActorMention
from etl.dates import TemporalExpression
from etl.events.lexicon import EventLexicon
from etl.events.syntax import objects_of, path_length, prep_objects
from etl.events.timing import DateChoice, expression_head
from etl.events.triggers import TriggerHit
from etl.nlp import Sentence

LEDE_SENTENCES = 2  # the headline and the first sentence: news in the present tense


def generic_present(sent: Sentence, i: int) -> bool:
    """A verb in the simple present after the lede ("the charity *provides* aid"): what
    someone does in general, not a happening — unless the sentence dates it."""
    return sent.index >= LEDE_SENTENCES and sent.tokens[i].tag in ("VBZ", "VBP")


BARE_PENALTY = 0.1


def bare(sent: Sentence, i: int) -> bool:
    """A plural or mass event noun with no determiner or possessor ("encouraging *peace
    talks*", "use it in *negotiations*"): with no date or place of its own, talk of such
    events in general, not one of them (violence nouns excepted: "*shelling* hit X")."""
    tok = sent.tokens[i]
    if tok.pos not in ("NOUN",) or tok.tag not in ("NNS", "NN"):
        return False
    return not any(sent.tokens[c].dep in ("det", "poss", "nummod") for c in sent.children[i])


def in_relative_clause(sent: Sentence, i: int) -> bool:
    """ "a charity that *provides* aid", "an organisation *supplying* weapons": a
    description of someone, seldom the news itself."""
    verb = i if sent.tokens[i].pos == "VERB" else None
    j = verb if verb is not None else sent.tokens[i].head
    return sent.tokens[j].dep in ("relcl", "acl")


def unnamed_target(sent: Sentence, i: int, lex: EventLexicon) -> bool:
    """The trigger's object is a definite settlement with no name: "lost control of
    *the city*", "entered *the town*"."""
    for o in objects_of(sent, i):
        tok = sent.tokens[o]
        if not lex.is_a(tok.lemma, "settlement"):
            continue
        kids = [sent.tokens[c] for c in sent.children[o]]
        if (
            any(k.dep == "det" and k.lemma == "the" for k in kids)
            and not any(k.pos == "PROPN" or k.dep in ("poss",) for k in kids)
            and not any(sent.tokens[g].pos == "PROPN" for k in kids for g in sent.subtree(k.i))
        ):
            return True
    return False


def partners(sent: Sentence, i: int) -> set[int]:
    """The other party of a meeting or call: "a call *between* X and Y", "met *with* X",
    "met X"."""
    tok = sent.tokens[i]
    verb = i if tok.pos == "VERB" else tok.head
    out: set[int] = set()
    for j in (i, verb):
        for p, o in prep_objects(sent, j):
            if p in ("between", "with"):
                out |= {o, *(c for c in sent.children[o] if sent.tokens[c].dep == "conj")}
    out |= {c for c in sent.children[verb] if sent.tokens[c].dep == "dobj"}
    return out - {i}  # "held *a meeting* with X": the meeting is no party


def own_people(sent: Sentence, i: int) -> bool:
    """ "*his* top commanders", "*their* own officials": people of the subject's side
    (but "his Turkish counterpart" is another side's)."""
    kids = [sent.tokens[c] for c in sent.children[i]]
    if sent.tokens[i].lemma == "counterpart" or any(k.ent in ("NORP", "GPE") for k in kids):
        return False
    return any(k.dep == "poss" and k.pos == "PRON" for k in kids)


def own_clause_date(sent: Sentence, i: int, choice: DateChoice | None) -> bool:
    """Whether the chosen date stands in the trigger's own clause (then no shift)."""
    if choice is None:
        return False
    tok = sent.tokens[i]
    clause = i if tok.pos in ("VERB", "AUX") else tok.head
    head = expression_head(sent, choice.expression)
    return head is not None and head in sent.subtree(clause)


def claimant(sent: Sentence, token: int | None, actors: list[ActorMention]) -> str:
    if token is None:
        return ""
    span = sent.subtree(token)
    lo, hi = sent.tokens[span[0]].start, sent.tokens[span[-1]].end
    inside = [a for a in actors if lo <= a.start < hi]
    return inside[0].actor.canonical if inside else ""


def nearest_trigger(
    sent: Sentence, hits: list[TriggerHit], expressions: list[TemporalExpression]
) -> dict[int, tuple[int, int]]:
    """For each date expression: the trigger nearest to it in the tree, and the path."""
    out: dict[int, tuple[int, int]] = {}
    for n, expr in enumerate(expressions):
        head = expression_head(sent, expr)
        if head is None or not hits:
            continue
        best = min(hits, key=lambda h: path_length(sent, h.token, head))
        out[n] = (best.token, path_length(sent, best.token, head))
    return out
