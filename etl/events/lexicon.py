"""The event lexicon: trigger lemmas by class, argument word classes, factuality cues.

Three data files in `etl/lexicons/`, loaded here and nowhere else:
- `event_triggers.csv`: a lemma and part of speech, the event type and sub-type it
  signals, what sense it needs to count (`any`; `armed`: a weapon, armed actor, place or
  struck facility among its arguments; `place`; `weapon`; `object:<class>` or
  `subject:<class>`), words that must accompany it (`with`: a particle, object or
  modifier such as "take *over*", "*phone* call"), a base strength, and the CAMEO verb
  class it was taken from (PETRARCH2's CAMEO.2.0 verb dictionary; `generic` marks verbs
  such as "kill" or "hit" that defer to a more specific trigger of the same clause).
- `event_words.csv`: word classes for arguments (weapons with the strike sub-type they
  imply, armed actors, accords, aid, sanctions, captives, settlements, facilities, and
  offences: the gerunds that make "charged with …" a charge rather than a task;
  belonging: "a resident of X" says where someone lives, not where the event is).
- `factuality.csv`: negation, modal, future, irrealis, planned, conditional, habitual,
  disposition (adjectives: "open to talks"), event-creating verbs (creation), reason
  verbs (what a sentence or charge is "for" is background),
  claim and reporting cue lemmas.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources

from etl.schema import EventType

NEEDS = ("any", "armed", "place", "weapon")


@dataclass(frozen=True)
class TriggerRule:
    lemma: str
    pos: str
    event_type: EventType
    sub_event_type: str
    needs: str  # any | armed | place | weapon | object:<class> | subject:<class>
    with_words: frozenset[str]
    strength: float
    generic: bool
    cameo: str


@dataclass(frozen=True)
class EventLexicon:
    rules: dict[tuple[str, str], tuple[TriggerRule, ...]]  # (lemma, pos) -> rules in order
    words: dict[str, dict[str, str]]  # class -> lemma -> value
    cues: dict[str, frozenset[str]]  # factuality class -> lemmas

    def rules_for(self, lemma: str, pos: str) -> tuple[TriggerRule, ...]:
        return self.rules.get((self.base(lemma), pos), ())

    def base(self, lemma: str) -> str:
        """The dictionary form: the lemmatizer's, or the irregular form's lemma from the
        `form` class ("retook" -> "retake"), or a capitalised plural's singular."""
        forms = self.words.get("form", {})
        if lemma in forms:
            return forms[lemma]
        if lemma.endswith("s") and len(lemma) > 3 and lemma[:-1] in self.known:
            return lemma[:-1]
        return lemma

    @cached_property
    def known(self) -> frozenset[str]:
        return frozenset(k for k, _ in self.rules) | frozenset(
            w for c, ws in self.words.items() if c != "form" for w in ws
        )

    def is_a(self, lemma: str, word_class: str) -> bool:
        return self.base(lemma) in self.words.get(word_class, {})

    def value(self, lemma: str, word_class: str) -> str:
        return self.words.get(word_class, {}).get(self.base(lemma), "")

    @property
    def judges(self) -> frozenset[str]:
        """Verbs whose subject judges an event rather than does it ("termed", "condemned")."""
        return self.cues.get("evaluation", frozenset())

    def cue(self, lemma: str, cue_class: str) -> bool:
        return lemma in self.cues.get(cue_class, frozenset())


def _check_needs(needs: str, lemma: str) -> str:
    if needs in NEEDS or needs.split(":")[0] in ("object", "subject"):
        return needs
    raise ValueError(f"event_triggers.csv: bad 'needs' {needs!r} for {lemma!r}")


def build_lexicon(
    trigger_rows: list[dict[str, str]],
    word_rows: list[dict[str, str]],
    cue_rows: list[dict[str, str]],
) -> EventLexicon:
    rules: dict[tuple[str, str], list[TriggerRule]] = defaultdict(list)
    for r in trigger_rows:
        lemma = r["lemma"].strip().lower()
        rule = TriggerRule(
            lemma=lemma,
            pos=r["pos"].strip(),
            event_type=EventType(r["event_type"].strip()),
            sub_event_type=r["sub_event_type"].strip(),
            needs=_check_needs(r["needs"].strip(), lemma),
            with_words=frozenset(w for w in r["with"].lower().split(";") if w),
            strength=float(r["strength"]),
            generic=r["generic"].strip() == "generic",
            cameo=r["cameo"].strip(),
        )
        rules[(rule.lemma, rule.pos)].append(rule)
    words: dict[str, dict[str, str]] = defaultdict(dict)
    for r in word_rows:
        words[r["class"].strip()][r["lemma"].strip().lower()] = r["value"].strip()
    cues: dict[str, set[str]] = defaultdict(set)
    for r in cue_rows:
        cues[r["class"].strip()].add(r["word"].strip().lower())
    return EventLexicon(
        {k: tuple(v) for k, v in rules.items()},
        dict(words),
        {k: frozenset(v) for k, v in cues.items()},
    )


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("etl.lexicons").joinpath(name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


def armed_group_words() -> list[dict[str, str]]:
    """One-word names of the armed groups in `armed_groups.csv` ("Hamas", "RSF", "M23") as
    members of the `armed` word class: "Hamas attacked …" is armed like "troops attacked"."""
    words = {
        alias.strip().lower()
        for r in _rows("armed_groups.csv")
        for alias in r["aliases"].split(";")
        if alias.strip() and " " not in alias.strip()
    }
    return [{"class": "armed", "lemma": w, "value": ""} for w in sorted(words)]


@lru_cache(maxsize=1)
def default_event_lexicon() -> EventLexicon:
    return build_lexicon(
        _rows("event_triggers.csv"),
        _rows("event_words.csv") + armed_group_words(),
        _rows("factuality.csv"),
    )
