"""The story frame: what a story has told so far (dates, places, events by kind), and how
a mention refers back to it ("the strike", "the latest attack", "60 soldiers had been
killed")."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from etl.actors import ActorMention
from etl.events.lexicon import EventLexicon
from etl.events.triggers import TriggerHit, weapon_of
from etl.events.unlisted import Tie
from etl.nlp import Sentence
from etl.places import PlaceCandidate
from etl.schema import TYPE_GROUPS, DateRange, EventType, Mention, Place

ANAPHORIC_DETERMINERS = frozenset({"the", "this", "that", "these", "those"})


def group_of(t: EventType) -> int:
    return next(n for n, g in enumerate(TYPE_GROUPS) if t in g)


@dataclass
class Frame:
    """What the story has established so far: dates and places by type group."""

    paragraph: int = -1
    post: int = -1
    paragraph_date: DateRange | None = None
    story_last_date: DateRange | None = None  # the last date told before, any paragraph
    by_group: dict[int, Mention] = field(default_factory=dict)
    violent: list[Mention] = field(default_factory=list)  # every strike or clash told
    lede_place: Place | None = None  # the first town-level place of an event in the story
    last_person: ActorMention | None = None
    places_not_found: list[str] = field(default_factory=list)
    story_placed: set[str] = field(default_factory=set)  # mentions placed by `lede_place`
    story_date: tuple[int, DateRange] | None = None  # the story's first recent day, by sentence
    actors: dict[int, list[ActorMention]] = field(default_factory=dict)  # by sentence
    candidates: dict[int, list[PlaceCandidate]] = field(default_factory=dict)  # by sentence
    ties: dict[int, dict[str, Tie]] = field(default_factory=dict)  # unlisted names, by sentence
    anchors: dict[str, Tie] = field(default_factory=dict)  # unlisted names, in the whole story

    @property
    def last_violent(self) -> Mention | None:
        """The strike or clash told last, however dated."""
        return self.violent[-1] if self.violent else None

    @property
    def reference(self) -> date | None:
        """The date told last ("the following day", "a day later" count from it): in
        this paragraph, else earlier in the story."""
        told = self.paragraph_date or self.story_last_date
        return told.best if told else None

    def move_to(self, sentence: Sentence) -> None:
        if sentence.post != self.post:
            self.post, self.by_group, self.story_last_date = sentence.post, {}, None
            self.violent = []
        if sentence.paragraph != self.paragraph:
            self.paragraph, self.paragraph_date = sentence.paragraph, None


LATEST = frozenset({"latest", "late", "recent", "new"})


def latest(sent: Sentence, i: int) -> bool:
    """ "*the latest* attack", "this *new* strike": the most recent event of its kind."""
    return anaphoric(sent, i) and any(
        sent.tokens[c].dep == "amod" and sent.tokens[c].lemma in LATEST for c in sent.children[i]
    )


def refers_back(sent: Sentence, i: int) -> bool:
    """Whether an undated trigger continues the event of its kind told before: a verb
    ("they met for hours") or a definite noun ("the talks"), not "a meeting" with
    someone else."""
    tok = sent.tokens[i]
    if tok.pos not in ("NOUN", "PROPN"):
        return True
    if tok.dep == "compound" and tok.head != i:
        i = tok.head  # "a *negotiation* process": the phrase's determiner
    return anaphoric(sent, i) or not any(
        sent.tokens[c].dep == "det" and sent.tokens[c].lemma in ("a", "an", "another")
        for c in sent.children[i]
    )


def anaphoric(sent: Sentence, i: int) -> bool:
    """ "*the* strike", "*these* talks", "*her* arrest": a definite noun refers back to an
    event told before."""
    tok = sent.tokens[i]
    return tok.pos in ("NOUN", "PROPN") and any(
        (sent.tokens[c].dep == "det" and sent.tokens[c].lemma in ANAPHORIC_DETERMINERS)
        or sent.tokens[c].dep == "poss"  # "her arrest", "the ministry's decision"
        for c in sent.children[i]
    )


def casualty_report(sent: Sentence, hit: TriggerHit, lex: EventLexicon) -> bool:
    """ "60 soldiers had been killed": a passive killing verb with no agent and no weapon
    tells the toll of a violent event, not an event of its own (a toll "since" a time
    is the toll of a war)."""
    tok = sent.tokens[hit.token]
    if tok.pos != "VERB" or not hit.rule.generic or tok.tag != "VBN":
        return False
    kids = [sent.tokens[c] for c in sent.children[hit.token]]
    if any(sent.tokens[t].lemma == "since" for k in kids for t in sent.subtree(k.i)):
        return False
    passive = any(k.dep in ("auxpass", "nsubjpass") for k in kids)
    return (
        passive and not any(k.dep == "agent" for k in kids) and not weapon_of(sent, hit.token, lex)
    )
