"""Event mentions from the sentences of one document.

Pure functions over plain records: a `Document`, its `Sentence`s and the lexicons
in, a list of `Mention`s out. Geocoding is injected as a `PlaceResolver`.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import timedelta

from etl.actors import ActorLexicon, ActorMention, find_actors
from etl.dates import TemporalExpression, find_expressions, is_future_expression, resolve
from etl.geocode import GeoContext, PlaceResolver
from etl.ingest import Document
from etl.nlp import Sentence
from etl.places import PlaceCandidate, find_places
from etl.schema import (
    TYPE_GROUPS,
    DateRange,
    EventType,
    GeoPrecision,
    Mention,
    Place,
    Status,
    TimePrecision,
)
from etl.triggers import Trigger, TriggerMatch, find_triggers

# ---- cues (closed sets of function words, not domain lexicon) --------------------------

_IRREALIS = re.compile(
    r"\b(?:if|unless|whether|could|might|may|should|must|possib\w*|potential\w*|hope[sd]?|"
    r"hoping|wants?|wanted|wish\w*|urg\w+|demand\w*|call(?:s|ed)? for|ready to|willing to|"
    r"prepared to|readiness|any|future|not|no|never|n['’]t|declin\w+ to|refus\w+|fail\w* to|"
    r"without|rather than|instead of|threaten\w*|until|once|deny|denied|possibility|insist\w*|likely|try|tries|tried|trying|attempt\w*|unwilling|reluctant|"
    r"stop|end|halt|cease|avoid\w*)\b",
    re.IGNORECASE,
)
_CONDITIONAL_AFTER = re.compile(r"\b(?:if|unless|once)\b", re.IGNORECASE)
_PLANNED = re.compile(
    r"\b(?:will|['’]ll|would|expected to|expects? to|plans? to|planned to|planning to|"
    r"scheduled|set to|is to|are to|due to|going to|intends? to|aims? to|"
    r"prepar\w+ to|en route)\b",
    re.IGNORECASE,
)
_CLAIM = re.compile(
    r"\b(?:claim\w*|according to|boast\w*|alleged\w*|purported\w*|unverified|"
    r"(?:could|can)(?:n['’]t| not)(?: independently)? (?:confirm|verify)|"
    r"not (?:be )?(?:independently )?(?:confirmed|verified))\b",
    re.IGNORECASE,
)
_REPORTING = re.compile(
    r"\b(?:said|says|told|tells|stated|stating|wrote|writes|announced|declared|warned|"
    r"claimed|denied|insisted|stressed|noted|urged|accused|argued|confirmed|emphasi[sz]ed|"
    r"reiterated|called|speaking)\b",
    re.IGNORECASE,
)
_PRONOUN_SUBJECT = re.compile(r"\b(?:he|she)\b", re.IGNORECASE)
_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "dozens of": 24,
    "a dozen": 12, "hundreds of": 200,
}  # fmt: skip
_COUNT = r"(?P<n>\d[\d,]*|" + "|".join(_NUMBER_WORDS) + r")"
_KILLED = re.compile(
    _COUNT + r"\s+(?:\w+\s+){0,3}?(?:were|was|have been|had been)?\s*(?:killed|dead|died)"
    r"|(?:killing|killed)\s+(?:at least\s+)?" + _COUNT.replace("<n>", "<n2>"),
    re.IGNORECASE,
)
_INJURED = re.compile(
    _COUNT + r"\s+(?:\w+\s+){0,3}?(?:were|was|have been|had been)?\s*(?:injured|wounded|hurt)"
    r"|(?:injuring|wounding)\s+(?:at least\s+)?" + _COUNT.replace("<n>", "<n2>"),
    re.IGNORECASE,
)
_CLAUSE_BREAK = re.compile(r"[;:—–()“”\"]|,\s+(?:but|and|while|as|which|who)\b")
_QUOTE = re.compile(r"[“\"]([^”\"]{12,}?)[”\"]")

VIOLENT = {EventType.REMOTE_STRIKE, EventType.ARMED_CLASH, EventType.TERRITORIAL_CHANGE}
# Types for which a country alone ("drones launched at Ukraine") places the event.
COUNTRY_ANCHORS = {EventType.REMOTE_STRIKE, EventType.ARMED_CLASH, EventType.AID_OR_SANCTION}
DATE_REACH = 90  # characters: farther from its trigger, a date is not the trigger's
STATEMENT_DATE_REACH = 60
PLACE_REACH = 110
# Groups whose different sub-types in one sentence are different events
# ("taking back Sudzha, captured by Ukraine last year").
SPLIT_BY_SUBTYPE = {EventType.TERRITORIAL_CHANGE, EventType.ARMED_CLASH}
# Types where a country named as the place is also a party (the target), not a host.
PLACE_IS_PARTY = VIOLENT


def _count(m: re.Match[str]) -> int | None:
    raw = (m.group("n") or m.group("n2") or "").lower().replace(",", "")
    if raw.isdigit():
        return int(raw)
    return _NUMBER_WORDS.get(raw)


def casualties(text: str) -> tuple[int | None, int | None]:
    """Deaths and injuries stated in a sentence ("Five people were killed and 28 injured")."""
    killed = [c for m in _KILLED.finditer(text) if (c := _count(m)) is not None]
    injured = [c for m in _INJURED.finditer(text) if (c := _count(m)) is not None]
    if not injured:
        tail = re.search(r"killed\s+and\s+(\d[\d,]*)\s+(?:injured|wounded)", text, re.IGNORECASE)
        injured = [int(tail.group(1).replace(",", ""))] if tail else []
    return (max(killed) if killed else None, max(injured) if injured else None)


def clause_before(text: str, pos: int) -> str:
    """The part of the clause before `pos` (back to the last clause break)."""
    head = text[:pos]
    breaks = list(_CLAUSE_BREAK.finditer(head))
    return head[breaks[-1].end() :] if breaks else head


def clause_after(text: str, pos: int) -> str:
    m = _CLAUSE_BREAK.search(text, pos)
    return text[pos : m.start()] if m else text[pos:]


def modality(text: str, start: int, end: int) -> str:
    """'irrealis' (conditional, negated, hoped for: no event), 'planned' or 'actual'."""
    before = clause_before(text, start)[-80:]
    if _IRREALIS.search(before) or _CONDITIONAL_AFTER.search(clause_after(text, end)):
        return "irrealis"
    if _PLANNED.search(before):
        return "planned"
    return "actual"


# ---- templates -------------------------------------------------------------------------


def fill_template(template: str, values: dict[str, str]) -> str:
    """Fill `{name}` slots; a `[...]` segment with an empty slot is dropped."""

    def segment(m: re.Match[str]) -> str:
        inner = m.group(1)
        names = re.findall(r"\{(\w+)\}", inner)
        return inner.format(**values) if all(values.get(n) for n in names) else ""

    text = re.sub(r"\[([^\]]*)\]", segment, template)
    text = re.sub(r"\{(\w+)\}", lambda m: values.get(m.group(1), ""), text)
    text = re.sub(r"^[\s–-]+|[\s–-]+$", "", re.sub(r"\s+", " ", text))
    text = re.sub(r"^–|–$", "", text).strip()
    return text[:1].upper() + text[1:]


def join_names(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


# ---- document context --------------------------------------------------------------------


@dataclass
class _Context:
    paragraph: int = -1
    post: int = -1
    paragraph_date: DateRange | None = None
    post_date: DateRange | None = None
    last_person: ActorMention | None = None
    places_not_found: list[str] = field(default_factory=list)

    def move_to(self, sentence: Sentence) -> None:
        if sentence.post != self.post:
            self.post, self.post_date = sentence.post, None
        if sentence.paragraph != self.paragraph:
            self.paragraph, self.paragraph_date = sentence.paragraph, None


@dataclass(frozen=True)
class Extractor:
    """Finds event mentions; holds the lexicons and the injected place resolver."""

    actors: ActorLexicon
    triggers: tuple[Trigger, ...]
    resolver: PlaceResolver

    def document(self, doc: Document, sentences: list[Sentence]) -> tuple[list[Mention], list[str]]:
        """Mentions in a document, and the place names the geocoder could not find."""
        ctx = _Context()
        doc_countries = self._doc_countries(sentences)
        mentions: list[Mention] = []
        for sent in sentences:
            ctx.move_to(sent)
            found = self._sentence(doc, sent, ctx, doc_countries)
            if not found and mentions:
                mentions = self._continuation(sent, mentions)
            mentions.extend(found)
        return mentions, sorted(set(ctx.places_not_found))

    # -- per sentence --

    def _doc_countries(self, sentences: list[Sentence]) -> frozenset[str]:
        counts: Counter[str] = Counter()
        gaz = self.resolver.gazetteer
        for sent in sentences:
            for a in find_actors(sent.text, self.actors, _persons(sent)):
                c = gaz.country(a.actor.country) if a.actor.country else None
                if c:
                    counts[c.iso2] += 1
        return frozenset(iso for iso, n in counts.items() if n >= 2)

    def _sentence(
        self, doc: Document, sent: Sentence, ctx: _Context, doc_countries: frozenset[str]
    ) -> list[Mention]:
        text = sent.text
        actors = find_actors(text, self.actors, _persons(sent))
        person_spans = [(a.start, a.end) for a in actors if a.actor.kind != "state"]
        candidates = [
            c
            for c in find_places(text, self.resolver.gazetteer, person_spans)
            if not _inside_quote(text, c.start)
        ]
        expressions = [e for e in find_expressions(text) if not _inside_quote(text, e.start)]
        raw = [
            m
            for m in find_triggers(text, self.triggers)
            if not _inside_quote(text, m.start) and modality(text, m.start, m.end) != "irrealis"
        ]
        by_raw = _assign_dates(expressions, [(m.start, m.end) for m in raw])
        selected = _select(raw, by_raw)
        matches = [m for m, _ in selected]
        assigned = {i: e for i, (_, e) in enumerate(selected) if e is not None}
        unassigned = [e for e in expressions if e not in by_raw.values()]
        unassigned = unassigned or list(assigned.values())
        speech = [
            (v.start(), v.end())
            for v in _REPORTING.finditer(text)
            if not _inside_quote(text, v.start())
        ]
        sent_countries = frozenset(
            c.iso2
            for a in actors
            if a.actor.country and (c := self.resolver.gazetteer.country(a.actor.country))
        )
        geo = GeoContext(doc_countries, sent_countries)
        places = []
        for c in candidates:
            resolved = self.resolver.resolve(c.query, geo)
            if resolved is None:
                ctx.places_not_found.append(c.query.name)
            else:
                places.append((c, resolved))
        previous_person = ctx.last_person
        mentions: list[Mention] = []
        for i, match in enumerate(matches):
            mode = modality(text, match.start, match.end)
            own = assigned.get(i)
            date_range, source = self._date(doc, own, mode == "planned", ctx, unassigned, match)
            own_places = _places_for(places, match, speech)
            place = _choose_place(own_places, match, match.trigger.event_type)
            anchor_place = place is not None and (
                place.precision != GeoPrecision.COUNTRY
                or match.trigger.event_type in COUNTRY_ANCHORS
            )
            if match.trigger.anchor == "place" and not anchor_place:
                continue
            if match.trigger.anchor == "date" and own is None:
                continue
            if match.trigger.anchor == "any" and own is None and not anchor_place:
                continue
            if match.trigger.anchor == "actor" and not actors:
                continue
            mentions.append(
                self._mention(
                    doc,
                    sent,
                    match,
                    actors,
                    places,
                    place,
                    date_range,
                    source,
                    mode,
                    previous_person,
                )
            )
        if not mentions and not matches:
            statement = self._statement(doc, sent, actors, places, expressions, ctx)
            if statement:
                mentions.append(statement)
        self._update_context(doc, ctx, expressions, actors)
        return mentions

    def _date(
        self,
        doc: Document,
        own: TemporalExpression | None,
        planned: bool,
        ctx: _Context,
        unassigned: Sequence[TemporalExpression] = (),
        match: TriggerMatch | None = None,
    ) -> tuple[DateRange | None, str]:
        anchor = doc.published
        if own is not None:
            resolved = resolve(own, anchor, future=planned or is_future_expression(own))
            if resolved:
                return resolved, "sentence"
        if unassigned and match is not None:
            nearest = min(unassigned, key=lambda e: abs(e.start - match.start))
            resolved = resolve(nearest, anchor, future=is_future_expression(nearest))
            if resolved and (planned or not anchor or resolved.start <= anchor):
                return resolved, "sentence-context"
        if ctx.paragraph_date and not planned:
            return replace(ctx.paragraph_date, phrase=""), "paragraph"
        if ctx.post_date and not planned:
            return replace(ctx.post_date, phrase=""), "post"
        if anchor is None:
            return None, "unresolved"
        if planned:
            end = anchor + timedelta(days=7)
            return DateRange(anchor, anchor, end, TimePrecision.WEEK, ""), "publication"
        start = anchor - timedelta(days=7)
        return DateRange(anchor, start, anchor, TimePrecision.WEEK, ""), "publication"

    def _update_context(
        self,
        doc: Document,
        ctx: _Context,
        expressions: list[TemporalExpression],
        actors: list[ActorMention],
    ) -> None:
        for expr in expressions:
            if is_future_expression(expr):
                continue
            resolved = resolve(expr, doc.published)
            if resolved is None or (doc.published and resolved.start > doc.published):
                continue
            ctx.paragraph_date = resolved
            if resolved.precision == TimePrecision.DAY:
                ctx.post_date = resolved
        persons = [a for a in actors if a.is_person]
        if persons:
            ctx.last_person = persons[0]

    def _roles(
        self, match: TriggerMatch, actors: list[ActorMention], places: list[tuple[PlaceCandidate, Place]],
        previous_person: ActorMention | None, text: str,
    ) -> tuple[str, str, list[str], list[str]]:  # fmt: skip
        """actor1, actor2, all event-level actors and persons for one trigger."""
        keep_place_actors = match.trigger.event_type in PLACE_IS_PARTY
        spans = [(c.start, c.end) for c, _ in places]
        usable = [
            a
            for a in actors
            if a.actor.maps_to
            and (keep_place_actors or not any(s <= a.start < e for s, e in spans))
        ]
        persons = [a for a in usable if a.is_person]
        before = [a for a in usable if a.end <= match.start]
        subject_is_pronoun = _PRONOUN_SUBJECT.search(clause_before(text, match.start))
        if (
            previous_person
            and subject_is_pronoun
            and not any(p.end <= match.start for p in persons)
        ):
            before.append(previous_person)
            persons.insert(0, previous_person)
        after = [a for a in usable if a.start >= match.end]
        actor1 = before[-1].actor.maps_to if before else ""
        if re.match(r"\s+by\s", text[match.end :]) and after:
            actor1 = after[0].actor.maps_to
            after = after[1:]
        actor2 = next((a.actor.maps_to for a in after if a.actor.maps_to != actor1), "")
        if not actor2:
            actor2 = next(
                (a.actor.maps_to for a in reversed(before) if a.actor.maps_to != actor1), ""
            )
        names: list[str] = []
        for a in [*before, *usable]:
            if a.actor.maps_to not in names:
                names.append(a.actor.maps_to)
        person_names = list(dict.fromkeys(p.actor.canonical for p in persons))
        return actor1, actor2, names, person_names

    def _mention(
        self, doc: Document, sent: Sentence, match: TriggerMatch, actors: list[ActorMention],
        places: list[tuple[PlaceCandidate, Place]], place: Place | None,
        date_range: DateRange | None, date_source: str, mode: str,
        previous_person: ActorMention | None,
    ) -> Mention:  # fmt: skip
        text = sent.text
        actor1, actor2, names, persons = self._roles(match, actors, places, previous_person, text)
        status, attributed = Status.REPORTED, ""
        claim = _CLAIM.search(text)
        if mode == "planned" or (date_range and doc.published and date_range.start > doc.published):
            status = Status.PLANNED
        elif claim:
            status = Status.CLAIMED
            attributed = _claimant(claim, actors, text)
        killed, injured = casualties(text) if match.trigger.event_type in VIOLENT else (None, None)
        values = {
            "actor1": actor1,
            "actor2": actor2,
            "actors": join_names(names[:3]),
            "place": place.name if place else "",
            "person": persons[0] if persons else actor1,
        }
        summary = fill_template(match.trigger.summary, values)
        if "{actor1}" in match.trigger.summary and not actor1:
            summary = match.trigger.sub_event_type.capitalize()
            summary += f" in {place.name}" if place else ""
            summary += f": {join_names(names[:3])}" if names else ""
        if status == Status.PLANNED:
            summary += " (planned)"
        elif status == Status.CLAIMED:
            summary += f" (claimed{' by ' + attributed if attributed else ''})"
        confidence = 0.45 + (0.2 if date_source == "sentence" else 0.05)
        confidence += 0.15 if place else 0.0
        confidence += 0.1 if actor1 else 0.0
        confidence -= 0.1 if status == Status.CLAIMED else 0.0
        mention = self._record(
            doc, sent, match.text, match.start, match.trigger.event_type,
            match.trigger.sub_event_type, status, attributed, actor1, actor2, names, persons,
            place, date_range, date_source, killed, injured, summary, confidence,
        )  # fmt: skip
        return replace(mention, priority=match.trigger.priority)

    def _statement(
        self, doc: Document, sent: Sentence, actors: list[ActorMention],
        places: list[tuple[PlaceCandidate, Place]], expressions: list[TemporalExpression],
        ctx: _Context,
    ) -> Mention | None:  # fmt: skip
        text = sent.text
        verbs = [
            m
            for m in _REPORTING.finditer(text)
            if not _inside_quote(text, m.start()) and _reporting_frame(text, m)
        ]
        if not verbs:
            return None
        verb = verbs[0]
        speaker = _speaker(verb, actors, text, ctx.last_person)
        if speaker is None or not speaker.actor.maps_to:
            return None
        if modality(text, verb.start(), verb.end()) == "irrealis":
            return None
        near = [
            e
            for e in expressions
            if abs(e.start - verb.start()) <= STATEMENT_DATE_REACH
            and not is_future_expression(e)
            and e.kind not in ("recent", "coming")
        ]
        own = min(near, key=lambda e: abs(e.start - verb.start()), default=None)
        date_range, source = self._date(doc, own, False, ctx)
        explicit = [p for c, p in places if not c.origin]
        place = min(explicit, key=lambda p: p.precision) if explicit else None
        if own is None:
            return None
        if place is None and speaker.actor.country:
            country = self.resolver.gazetteer.country(speaker.actor.country)
            place = self.resolver.country_place(country.iso2) if country else None
        quote = _QUOTE.search(text)
        gist = quote.group(1).strip() if quote else text
        gist = gist if len(gist) <= 110 else gist[:107].rsplit(" ", 1)[0] + "…"
        name = speaker.actor.canonical
        summary = f"{name}: “{gist}”" if quote else f"{name}: {gist}"
        sub = _statement_kind(text)
        others = [
            a.actor.maps_to for a in actors if a.actor.maps_to not in ("", speaker.actor.maps_to)
        ]
        persons = [name] if speaker.is_person else []
        confidence = 0.4 + (0.2 if source == "sentence" else 0.05) + (0.1 if place else 0.0)
        mention = self._record(
            doc, sent, verb.group(0), verb.start(), EventType.STATEMENT, sub, Status.REPORTED,
            name, speaker.actor.maps_to, others[0] if others else "",
            list(dict.fromkeys([speaker.actor.maps_to, *others])), persons, place, date_range,
            source, None, None, summary, confidence,
        )  # fmt: skip
        return replace(mention, speaker_group=name)

    def _continuation(self, sent: Sentence, mentions: list[Mention]) -> list[Mention]:
        """Casualty counts in a sentence right after a violent event belong to that event."""
        last = mentions[-1]
        if last.event_type not in VIOLENT or last.paragraph != sent.paragraph:
            return mentions
        killed, injured = casualties(sent.text)
        if killed is None and injured is None:
            return mentions
        merged = replace(
            last,
            fatalities=last.fatalities if last.fatalities is not None else killed,
            injured=last.injured if last.injured is not None else injured,
            quote=f"{last.quote} {sent.text}",
            char_end=sent.end,
        )
        return [*mentions[:-1], merged]

    def _record(
        self, doc: Document, sent: Sentence, trigger: str, offset: int, event_type: EventType,
        sub: str, status: Status, attributed: str, actor1: str, actor2: str, names: list[str],
        persons: list[str], place: Place | None, date_range: DateRange | None, date_source: str,
        killed: int | None, injured: int | None, summary: str, confidence: float,
    ) -> Mention:  # fmt: skip
        key = f"{doc.doc_id}:{sent.start}:{offset}:{event_type.value}"
        return Mention(
            mention_id="M" + hashlib.sha1(key.encode()).hexdigest()[:12],
            doc_id=doc.doc_id,
            file=doc.file,
            outlet=doc.source_name,
            published=doc.published,
            paragraph=sent.paragraph,
            sentence_index=sent.index,
            char_start=sent.start,
            char_end=sent.end,
            quote=sent.text,
            trigger=trigger,
            event_type=event_type,
            sub_event_type=sub,
            status=status,
            attributed_to=attributed,
            actor1=actor1,
            actor2=actor2,
            actors=tuple(names),
            persons=tuple(persons),
            place=place,
            date=date_range,
            date_source=date_source,
            fatalities=killed,
            injured=injured,
            summary=summary,
            confidence=round(max(0.05, min(confidence, 0.95)), 2),
        )


# ---- helpers -------------------------------------------------------------------------------


def _persons(sent: Sentence) -> list[tuple[int, int]] | None:
    return list(sent.persons) if sent.persons is not None else None


def _inside_quote(text: str, pos: int) -> bool:
    """Whether `pos` lies inside quoted speech (a sentence may start mid-quote)."""
    opens = text.count("“", 0, pos) + text.count('"', 0, pos) % 2
    closes = text.count("”", 0, pos)
    first_close, first_open = text.find("”"), text.find("“")
    if first_close != -1 and (first_open == -1 or first_close < first_open):
        opens += 1
    return opens > closes


def _assign_dates(
    expressions: list[TemporalExpression], spans: list[tuple[int, int]]
) -> dict[int, TemporalExpression]:
    """Pair date expressions with triggers, nearest pairs first, each used once."""
    pairs = sorted(
        (max(s - expr.end, expr.start - e, 0), i, j)
        for j, expr in enumerate(expressions)
        for i, (s, e) in enumerate(spans)
    )
    assigned: dict[int, TemporalExpression] = {}
    used: set[int] = set()
    for gap, i, j in pairs:
        if gap > DATE_REACH or i in assigned or j in used:
            continue
        assigned[i] = expressions[j]
        used.add(j)
    return assigned


def _select(
    raw: list[TriggerMatch], dates: dict[int, TemporalExpression]
) -> list[tuple[TriggerMatch, TemporalExpression | None]]:
    """The trigger matches of a sentence that are separate events, with their own dates.

    One mention per type group and distinct date; for clashes and territorial changes
    also one per sub-type. An undated match takes the date of its group's dated match.
    """
    groups: dict[tuple[int, str], list[int]] = {}
    for i, m in enumerate(raw):
        group = next(g for g, types in enumerate(TYPE_GROUPS) if m.trigger.event_type in types)
        sub = m.trigger.sub_event_type if m.trigger.event_type in SPLIT_BY_SUBTYPE else ""
        groups.setdefault((group, sub), []).append(i)
    chosen: list[tuple[TriggerMatch, TemporalExpression | None]] = []
    for members in groups.values():
        dated = [i for i in members if i in dates]
        if len(dated) > 1:
            chosen.extend((raw[i], dates[i]) for i in dated)
        else:
            chosen.append((raw[members[0]], dates[dated[0]] if dated else None))
    return sorted(chosen, key=lambda c: c[0].start)


def _places_for(
    places: list[tuple[PlaceCandidate, Place]],
    match: TriggerMatch,
    speech: list[tuple[int, int]],
) -> list[tuple[PlaceCandidate, Place]]:
    """Places that belong to the trigger rather than to a reporting verb ("said in Kyiv")."""

    def gap(c: PlaceCandidate, s: int, e: int) -> int:
        return max(s - c.end, c.start - e, 0)

    return [
        (c, p)
        for c, p in places
        if not speech or gap(c, match.start, match.end) <= min(gap(c, s, e) for s, e in speech)
    ]


def _choose_place(
    places: list[tuple[PlaceCandidate, Place]], match: TriggerMatch, event_type: EventType
) -> Place | None:
    """The event's place: the most specific locative place, the nearest to the trigger."""
    usable = [(c, p) for c, p in places if not c.origin] or [
        (c, p) for c, p in places if event_type != EventType.DIPLOMACY
    ]
    if not usable:
        return None

    def distance(c: PlaceCandidate) -> int:
        return max(match.start - c.end, c.start - match.end, 0)

    near = [(c, p) for c, p in usable if distance(c) <= PLACE_REACH]
    if not near:
        return None
    return min(near, key=lambda item: (int(item[1].precision), distance(item[0])))[1]


def _claimant(claim: re.Match[str], actors: list[ActorMention], text: str) -> str:
    if claim.group(0).lower().startswith("according to"):
        after = [a for a in actors if a.start >= claim.end()]
        return after[0].actor.canonical if after else ""
    before = [a for a in actors if a.end <= claim.start()]
    if before:
        return before[-1].actor.canonical
    after = [a for a in actors if a.start >= claim.end()]
    return after[0].actor.canonical if after else ""


def _speaker(
    verb: re.Match[str], actors: list[ActorMention], text: str, last_person: ActorMention | None
) -> ActorMention | None:
    """Who said it: the actor nearest the reporting verb, or 'he'/'she' from context."""
    if not actors:
        window = text[max(0, verb.start() - 25) : verb.start()]
        return last_person if _PRONOUN_SUBJECT.search(window) else None

    def distance(a: ActorMention) -> int:
        if a.end <= verb.start():
            return verb.start() - a.end
        return (a.start - verb.end()) + 15

    best = min(actors, key=distance)
    if distance(best) > 120:
        return None
    pronoun = _PRONOUN_SUBJECT.search(text[max(0, verb.start() - 12) : verb.start()])
    if pronoun and last_person and not (verb.start() - 12 < best.end <= verb.start()):
        return last_person
    return best


_FRAMED_ONLY = {"claimed", "announced", "confirmed", "denied", "called", "noted", "argued"}


def _reporting_frame(text: str, verb: re.Match[str]) -> bool:
    """Verbs such as 'claimed' report speech only when a clause or quote follows
    ("claimed that…"), not as in "the regions Putin claimed in 2022"."""
    if verb.group(0).lower() not in _FRAMED_ONLY:
        return True
    return bool(
        re.match(
            r"\s*(?:that\b|[,:“\"—]|on (?:\w+ )?(?:X|Telegram|Facebook)\b)", text[verb.end() :]
        )
    )


def _statement_kind(text: str) -> str:
    low = text.lower()
    if re.search(
        r"\b(?:wrote|posted|post) on (?:x|telegram|facebook|social media)\b|\bon x\b", low
    ):
        return "social media post"
    if "interview" in low:
        return "interview"
    if re.search(
        r"\b(?:news|press) conference\b|\bbriefing\b|\btold reporters\b|\btold journalists\b", low
    ):
        return "press remarks"
    if "in a statement" in low or "said in a statement" in low:
        return "written statement"
    if re.search(r"\b(?:denied|deny|denies)\b", low):
        return "denial"
    if re.search(r"\bwarn\w*\b|\bthreat\w*\b", low):
        return "warning"
    return "remarks"
