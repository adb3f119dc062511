"""Factuality from syntactic scope: did the event happen, is it planned, claimed, or
background?

The cues are lemmas from `factuality.csv`, read where the parse puts them: negation and
modals on the trigger's own verb (or the verb that governs a trigger noun), irrealis or
planning verbs that embed its clause ("called for *talks*", "plans to *visit*"),
conditional markers on its clause, habitual adverbs and "since" phrases on it, and
claim verbs above it ("Russia claimed its forces *captured*"). A reporting verb above
the trigger does not change its factuality: "officials said the city was *shelled*".
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from etl.events.lexicon import EventLexicon
from etl.events.syntax import governing_verb
from etl.nlp import Sentence


class Mode(StrEnum):
    ACTUAL = "actual"
    PLANNED = "planned"
    IRREALIS = "irrealis"  # negated, hypothetical, wanted, proposed: no event
    BACKGROUND = "background"  # habitual or ongoing since long before the story


@dataclass(frozen=True)
class Factuality:
    mode: Mode
    claimed: bool = False
    claimant: int | None = None  # token index of the claiming verb's subject


REFERENCE_PREPS = frozenset({"since", "after", "following", "before", "amid", "despite"})
EMBEDDING_DEPS = frozenset({"xcomp", "ccomp", "advcl", "acl", "pcomp", "relcl"})


def _aux_cues(sent: Sentence, verb: int, lex: EventLexicon) -> Mode | None:
    kids = [sent.tokens[c] for c in sent.children[verb]]
    if any(k.dep == "neg" or (k.dep == "advmod" and lex.cue(k.lemma, "negation")) for k in kids):
        return Mode.IRREALIS
    aux = [k for k in kids if k.dep in ("aux", "auxpass")]
    if any(lex.cue(k.lemma, "modal") for k in aux):
        return Mode.IRREALIS
    if any(lex.cue(k.lemma, "future") or k.lower == "would" for k in aux):
        return Mode.PLANNED
    if any(k.dep == "mark" and lex.cue(k.lemma, "condition") for k in kids):
        return Mode.IRREALIS
    return None


def _aged(sent: Sentence, i: int) -> bool:
    """ "Ukraine's *three-month-old* counteroffensive": an event of some age goes on."""
    left = [sent.tokens[t] for t in sent.subtree(i) if t < i]
    return any(t.lemma == "old" for t in left) and any(
        t.lemma in (*LONG_SPANS, "week", "day") for t in left
    )


def _noun_cues(sent: Sentence, i: int, lex: EventLexicon) -> Mode | None:
    kids = [sent.tokens[c] for c in sent.children[i]]
    if _aged(sent, i):
        return Mode.BACKGROUND
    if any(k.dep == "neg" or (k.dep == "det" and k.lemma == "no") for k in kids):
        return Mode.IRREALIS
    # "any talks", "*such* attacks": no particular event
    modifiers = ("amod", "compound", "det", "predet")
    if any(k.dep in modifiers and lex.cue(k.lemma, "irrealis") for k in kids):
        return Mode.IRREALIS
    if any(k.dep in ("amod", "advmod") and lex.cue(k.lemma, "habitual") for k in kids):
        return Mode.BACKGROUND
    return None


LONG_SPANS = frozenset({"year", "month", "decade"})


def _ongoing(sent: Sentence, i: int, lex: EventLexicon) -> bool:
    """ "regularly shells", "since 2022", "has been shelling", "for two years": an
    activity that goes on, not a happening."""
    tok = sent.tokens[i]
    kids = [sent.tokens[c] for c in sent.children[i]]
    if any(k.dep == "advmod" and lex.cue(k.lemma, "habitual") for k in kids):
        return True
    if any(k.dep == "prep" and k.lemma == "since" for k in kids):
        return True
    aux = {k.lemma for k in kids if k.dep == "aux"}
    if tok.tag == "VBG" and {"have", "be"} <= aux:
        return True
    return any(
        k.dep == "prep"
        and k.lemma == "for"
        and any(sent.tokens[o].lemma in LONG_SPANS for o in sent.children[k.i])
        for k in kids
    )


def _habitual(sent: Sentence, i: int, lex: EventLexicon) -> bool:
    if _ongoing(sent, i, lex):
        return True
    j = i  # "regularly hands sentences … and has *imprisoned* …": coordinated verbs share it
    while sent.tokens[j].dep == "conj" and sent.tokens[j].head != j:
        j = sent.tokens[j].head
        if sent.tokens[j].pos == "VERB" and _ongoing(sent, j, lex):
            return True
    verb = governing_verb(sent, i)  # "has been fending off *an invasion* for two years"
    if (
        verb is not None
        and sent.tokens[i].dep in ("dobj", "pobj", "nsubj")
        and _ongoing(sent, verb, lex)
    ):
        return True  # "… *the offensive* drags on for almost three years"
    if verb is None and sent.tokens[i].pos == "NOUN":
        # "has launched *dozens of* missile attacks … since November": the verb above the
        # quantity the noun is counted in
        up = [t for t in sent.ancestors(i)[:3] if sent.tokens[t].pos == "VERB"]
        if up and _ongoing(sent, up[0], lex):
            return True
    # told as the reference point of another event: "since the invasion", "days after
    # taking Aleppo", "following the attacks", "after a year of fighting", or as what a
    # sentence or charge is for ("sentenced … *for* taking part in the incursion")
    j = i
    for _ in range(4):
        head = sent.tokens[j].head
        if head == j:
            break
        if sent.tokens[j].dep in ("pobj", "pcomp"):
            prep = sent.tokens[head]
            if prep.lemma in REFERENCE_PREPS:
                return True
            above = sent.tokens[prep.head]
            if prep.lower == "for" and lex.cue(above.lemma, "reason"):
                return True
            span = [*sent.children[head], head - 1]  # "two years" may hang on the verb
            if prep.lower == "into" and any(  # "two years *into* Moscow's offensive"
                0 <= c < len(sent.tokens)
                and sent.tokens[c].dep == "npadvmod"
                and sent.tokens[c].lemma in LONG_SPANS
                for c in span
            ):
                return True
        j = head
    return False


# Verbs whose subject's event is what they assert ("the talks *will take place*").
OCCURRENCE = frozenset(
    {"take", "happen", "occur", "begin", "start", "resume", "continue", "go", "proceed",
     "be", "get", "end", "conclude", "open", "commence", "last", "come", "follow"}
)  # fmt: skip


def _presupposed(sent: Sentence, i: int, verb: int) -> bool:
    """A trigger noun that is the subject of another predicate is presupposed by it:
    "a call last week *may have changed* his mind" — the modal is about the change."""
    return i != verb and sent.tokens[i].dep == "nsubj" and sent.tokens[verb].lemma not in OCCURRENCE


def _infinitive_of_purpose(sent: Sentence, verb: int, lex: EventLexicon) -> bool:
    """ "to strike Russia" after a noun or a non-implicative verb tells an aim, not an
    event; "claimed to have hit" (perfect) and "attempted to strike" (implicative) do not."""
    tok = sent.tokens[verb]
    kids = [sent.tokens[c] for c in sent.children[verb]]
    if not any(k.dep == "aux" and k.lower == "to" for k in kids):
        return False
    if any(k.dep == "aux" and k.lemma == "have" for k in kids):
        return False
    head = sent.tokens[tok.head]
    if tok.dep == "xcomp" and (
        lex.cue(head.lemma, "implicative") or lex.cue(head.lemma, "planned")
    ):
        return False  # "came to finalize" — but "came to Moscow to finalize" is a purpose
    return not _after_implicative_noun(sent, verb, lex)


def _after_implicative_noun(sent: Sentence, verb: int, lex: EventLexicon) -> bool:
    """ "the decision last week to freeze aid": the infinitive completes the noun before
    it, across a time phrase the parser hangs elsewhere (it reads a purpose clause)."""
    j = min(sent.subtree(verb)) - 1
    while j >= 0 and sent.tokens[j].dep in ("npadvmod", "amod", "det", "nummod"):
        j -= 1  # "last week", "on Monday" spans of a time phrase
    return (
        j >= 0
        and sent.tokens[j].pos == "NOUN"
        and bool(
            lex.cue(sent.tokens[j].lemma, "implicative") or lex.cue(sent.tokens[j].lemma, "planned")
        )
    )


def factuality(sent: Sentence, i: int, lex: EventLexicon) -> Factuality:
    """The factuality of the event whose trigger is token `i`."""
    tok = sent.tokens[i]
    verb = i if tok.pos == "VERB" else governing_verb(sent, i)
    mode: Mode | None = None
    if tok.pos != "VERB":
        mode = _noun_cues(sent, i, lex)
    if mode is None and verb is not None and verb != i:
        governor = sent.tokens[verb].lemma  # "called for *talks*", "plans *a visit*"
        if lex.cue(governor, "planned"):
            mode = Mode.PLANNED
        elif lex.cue(governor, "irrealis"):
            mode = Mode.IRREALIS
    if mode is None and verb is not None and not _presupposed(sent, i, verb):
        mode = _aux_cues(sent, verb, lex)
    if mode is None and _habitual(sent, i, lex):
        mode = Mode.BACKGROUND
    if mode is None and verb is not None and _infinitive_of_purpose(sent, verb, lex):
        mode = Mode.IRREALIS
    claimed, claimant = False, None
    if verb is not None and verb != i and lex.cue(sent.tokens[verb].lemma, "claim"):
        claimed = True  # "the RSF *claimed* control of the town"
        claimant = next((c for c in sent.children[verb] if sent.tokens[c].dep == "nsubj"), None)
    # climb through embedding clauses: "wants to", "plans to", "claimed that"
    j = verb if verb is not None else i
    below = ""
    for _ in range(6):
        t = sent.tokens[j]
        if t.head == j:
            break
        head = sent.tokens[t.head]
        through = EMBEDDING_DEPS | {"dobj", "nsubj", "nsubjpass", "conj", "appos"}
        of_noun = t.dep == "prep" and head.pos == "NOUN"  # "readiness *for* talks"
        by_doing = t.dep == "prep" and below == "pcomp"  # "risks losing face *by agreeing*"
        # "hoped to use it as a chip *in talks*": a noun's phrase, up to its clause's verb
        noun_phrase = t.dep == "prep" and tok.pos != "VERB" and below == "pobj"
        modifier = t.dep == "compound" and head.pos == "NOUN"  # "a *negotiation* process"
        if (
            t.dep not in through
            and not (t.dep == "pobj" and head.pos == "ADP")
            and not (of_noun or by_doing or noun_phrase or modifier)
        ):
            break
        if (
            mode is None
            and t.dep == "dobj"
            and lex.cue(head.lemma, "creation")
            and _infinitive_of_purpose(sent, t.head, lex)
        ):
            mode = Mode.IRREALIS  # "met … to work out how *to start* a negotiation process"
        below = t.dep
        if head.pos in ("VERB", "NOUN", "ADJ", "AUX"):
            if mode in (None, Mode.PLANNED) and any(
                sent.tokens[c].dep == "acomp" and lex.cue(sent.tokens[c].lemma, "irrealis")
                for c in sent.children[t.head]
            ):
                mode = Mode.IRREALIS  # "it is possible that they will reach a deal"
            if mode is None and lex.cue(head.lemma, "planned") and head.lemma != "set":
                mode = Mode.PLANNED
            elif mode is None and lex.cue(head.lemma, "irrealis"):
                mode = Mode.IRREALIS
            elif mode is None and head.pos == "ADJ" and lex.cue(head.lemma, "disposition"):
                mode = Mode.IRREALIS  # "open to a meeting" (but "opened talks" happened)
            if lex.cue(head.lemma, "claim") or head.lemma == "deny":
                claimed = True
                claimant = next(
                    (c for c in sent.children[t.head] if sent.tokens[c].dep == "nsubj"), None
                )
            outer = _aux_cues(sent, t.head, lex) if head.pos in ("VERB", "AUX") else None
            if mode is None and outer == Mode.IRREALIS and t.dep in ("xcomp", "ccomp"):
                mode = Mode.IRREALIS
            if mode is None and outer == Mode.PLANNED and t.dep == "xcomp":
                mode = Mode.PLANNED
        j = t.head
    if not claimed:
        claimed = _unverified(sent, lex)
    return Factuality(mode or Mode.ACTUAL, claimed, claimant)


def _unverified(sent: Sentence, lex: EventLexicon) -> bool:
    """Sentence-level hedges: "could not be independently verified", "unverified"."""
    for t in sent.tokens:
        if t.lemma in ("verify", "confirm") and any(
            sent.tokens[c].dep == "neg" for c in sent.children[t.i]
        ):
            return True
        if t.lemma in ("unverified", "allegedly", "purportedly", "reportedly"):
            return True
    return False
