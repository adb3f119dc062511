"""Event mentions of one document: triggers, arguments, factuality, document frames.

For each sentence: actors and place candidates, the triggers the parse confirms, and
for each trigger its factuality, date, place and actors. A sentence with no event but
a reporting verb with a known speaker gives a statement. Each mention gets a
confidence from its evidence; one threshold (calibrated on the dev set) keeps or drops
it — there are no per-type gates.

Document frames: an undated mention takes the date (and, without a place of its own,
the place) of the last dated mention of its type group in the same story ("*the
strike*", "*the talks*"); else the date of its paragraph; else the publication date
with week precision. A background or habitual mention ("has been shelling the town
since 2023") keeps a date of its own or is dropped, never dated from its paragraph.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta

from etl.actors import ActorLexicon, ActorMention, find_actors
from etl.dates import (
    ResolvedDate,
    TemporalExpression,
    Tense,
    is_future_expression,
    resolve,
    resolve_text,
)
from etl.events.arguments import choose_place, other_places, place_head, reporting_tokens
from etl.events.casualties import casualties
from etl.events.clues import (
    BARE_PENALTY,
    bare,
    claimant,
    generic_present,
    in_relative_clause,
    nearest_trigger,
    own_clause_date,
    own_people,
    partners,
    unnamed_target,
)
from etl.events.factuality import Mode, factuality
from etl.events.frame import Frame, anaphoric, casualty_report, group_of, latest, refers_back
from etl.events.lexicon import EventLexicon
from etl.events.parties import actor_roles, office_holders, source_tokens, speaker_as_doer
from etl.events.places import place_candidates
from etl.events.placing import place_sentence
from etl.events.quotes import dateline_end, inside_quote
from etl.events.statements import statement_for
from etl.events.story import (
    STORY_DAYS,
    at_the_talks,
    continuation,
    dated_by_the_story,
    specific_kind,
    summarise,
)
from etl.events.timing import choose_date, date_after, days_before, expression_head
from etl.events.triggers import VIOLENT, TriggerHit, agent_slots, find_triggers, happens
from etl.events.unlisted import anchors
from etl.geocode import PlaceResolver
from etl.ingest import Document
from etl.nlp import Sentence
from etl.places import PlaceCandidate
from etl.schema import (
    DateRange,
    EventType,
    GeoPrecision,
    Mention,
    Place,
    Status,
    TimePrecision,
    web_address,
)

# What a date's source adds to a mention's confidence: its own clause, the reporting
# clause, what it followed ("after talks on Tuesday"), an earlier event, its paragraph.
SOURCE_WEIGHT = {"sentence": 0.2, "reporting": 0.12, "after": 0.1, "frame": 0.08, "paragraph": 0.05}
# One threshold on the mention confidence, calibrated on the dev set.
THRESHOLD = 0.6
# Types whose place, when the sentence names none, is where the story is set.
PLACE_FROM_STORY = frozenset(
    {EventType.DIPLOMACY, EventType.AGREEMENT, EventType.AID_OR_SANCTION, EventType.LEGAL}
)
# Decisions a state takes at home: with no place of their own, its capital.
DECIDED_AT_HOME = frozenset({EventType.AID_OR_SANCTION})
# Types whose coordinated targets are separate events ("hit A and B", "seized Goma and Bukavu").
SPREAD_TYPES = frozenset({*VIOLENT, EventType.TERRITORIAL_CHANGE})
WEAK_SENSE = 0.4
# Sub-types that private people do as well: a diplomatic one needs a political actor.
PRIVATE_TOO = frozenset({"meeting", "visit", "envoy trip", "phone call"})


@dataclass(frozen=True)
class _Parts:
    """What one sentence offers every trigger in it."""

    actors: list[ActorMention]
    candidates: list[PlaceCandidate]
    places: dict[int, Place]  # candidate position -> geocoded place
    dates: list[ResolvedDate]
    reporting: set[int]

    @property
    def expressions(self) -> list[TemporalExpression]:
        return [d.expression for d in self.dates]

    def dated(self, expr: TemporalExpression) -> ResolvedDate:
        return next(d for d in self.dates if d.expression == expr)


@dataclass(frozen=True)
class Extractor:
    """Finds event mentions; holds the lexicons and the injected place resolver."""

    actors: ActorLexicon
    events: EventLexicon
    resolver: PlaceResolver
    threshold: float = THRESHOLD

    def document(
        self, doc: Document, sentences: list[Sentence]
    ) -> tuple[list[Mention], list[str], list[Mention]]:
        """Mentions in a document, the place names the geocoder could not find, and the
        mentions found but vetoed (confidence under the threshold), for evaluation."""
        frame = Frame()
        frame.actors = {
            s.index: find_actors(s.text, self.actors, list(s.persons)) for s in sentences
        }
        gaz = self.resolver.gazetteer
        for s in sentences:
            frame.candidates[s.index] = place_candidates(s, gaz)
            frame.ties[s.index] = anchors(s.text, frame.candidates[s.index])
            for name, tie in frame.ties[s.index].items():
                frame.anchors.setdefault(name, tie)
        doc_countries = self._doc_countries(frame.actors.values())
        mentions: list[Mention] = []
        for sent in sentences:
            frame.move_to(sent)
            found = self._sentence(doc, sent, frame, doc_countries)
            if not found and mentions:
                mentions = continuation(sent, mentions)
            mentions.extend(found)
        mentions = at_the_talks(mentions, frame.story_placed)
        mentions = dated_by_the_story(mentions, frame.story_date)
        mentions = specific_kind(mentions)
        kept = [m for m in mentions if m.confidence >= self.threshold]
        vetoed = [m for m in mentions if m.confidence < self.threshold]
        return kept, sorted(set(frame.places_not_found)), vetoed

    def _doc_countries(self, actors: Iterable[list[ActorMention]]) -> frozenset[str]:
        counts: Counter[str] = Counter()
        gaz = self.resolver.gazetteer
        for found in actors:
            for a in found:
                c = gaz.country(a.actor.country) if a.actor.country else None
                if c:
                    counts[c.iso2] += 1
        return frozenset(iso for iso, n in counts.items() if n >= 2)

    def _parts(
        self, doc: Document, sent: Sentence, frame: Frame, doc_countries: frozenset[str]
    ) -> _Parts:
        text = sent.text
        actors = frame.actors[sent.index]  # both found for every sentence by `document`
        candidates = [
            c
            for c in frame.candidates[sent.index]
            if not inside_quote(text, c.start)
            and not (c.unlisted and any(a.start < c.end and c.start < a.end for a in actors))
        ]
        gaz = self.resolver.gazetteer
        sent_countries = frozenset(  # not an armed force's: armies fight abroad
            c.iso2
            for a in actors
            if a.actor.country
            and a.actor.kind != "armed force"
            and (c := gaz.country(a.actor.country))
        )
        places, missing = place_sentence(
            candidates,
            frame.ties[sent.index],
            frame.anchors,
            self.resolver,
            doc_countries,
            sent_countries,
        )
        frame.places_not_found.extend(missing)
        candidates_ok = [c for n, c in enumerate(candidates) if n in places]
        places = {i: places[n] for i, n in enumerate(sorted(places))}
        reference = frame.reference
        filed = dateline_end(text)  # "BEIRUT, June 12 (Reuters) -": the day of filing
        dates = [
            d
            for d in resolve_text(text, doc.published, parse=sent, reference=reference)
            if not inside_quote(text, d.start) and d.start >= filed
        ]
        return _Parts(actors, candidates_ok, places, dates, reporting_tokens(sent, self.events))

    def _sentence(
        self, doc: Document, sent: Sentence, frame: Frame, doc_countries: frozenset[str]
    ) -> list[Mention]:
        parts = self._parts(doc, sent, frame, doc_countries)
        heads = {h for c in parts.candidates if (h := place_head(sent, c)) is not None}
        political = any(a.actor.maps_to for a in parts.actors) or any(
            self.events.is_a(t.lemma, "political") for t in sent.tokens
        )
        hits = [
            h
            for h in find_triggers(sent, self.events, heads)
            if not inside_quote(sent.text, sent.tokens[h.token].start)
            and (
                h.sub_event_type not in PRIVATE_TOO
                or (political and self._political_agent(sent, h.token, parts.actors))
            )
        ]
        nearest = nearest_trigger(sent, hits, parts.expressions)
        mentions: list[Mention] = []
        for hit in hits:
            others = frozenset(
                h.token for h in hits if group_of(h.event_type) != group_of(hit.event_type)
            )
            mention = self._mention(doc, sent, hit, parts, frame, nearest, others)
            mentions.extend(self._with_coordinated_places(sent, hit, parts, mention))
        geocoded = [(c, parts.places[n]) for n, c in enumerate(parts.candidates)]
        statement = statement_for(doc, sent, parts.actors, parts.expressions, frame, self,
                                  stance_only=bool(mentions or hits), places=geocoded)  # fmt: skip
        if statement is not None:
            mentions.append(statement)
        self._update_frame(doc, sent, frame, parts, mentions)
        return mentions

    def _political_agent(self, sent: Sentence, i: int, actors: list[ActorMention]) -> bool:
        """Whether who met or visited is a state, a body or an official: "a boxer who
        met her" is not diplomacy. With no agent in the parse, the sentence decides."""
        slots = set(agent_slots(sent, i, self.events.judges))
        tok = sent.tokens[i]
        verb = i if tok.pos == "VERB" else tok.head
        if sent.tokens[verb].dep == "relcl":  # "a boxer *who* met her": the boxer
            slots.add(sent.tokens[verb].head)
        others = partners(sent, i)
        if others and all(own_people(sent, j) for j in others):
            return False  # "a meeting with *his* commanders": inside one party
        slots |= others
        if not slots:
            return True
        if any(self.events.is_a(sent.tokens[j].lemma, "political") for j in slots):
            return True
        for a in actors:
            head = sent.span_head(a.start, a.end)
            if head in slots and a.actor.maps_to and (not a.is_person or a.actor.role):
                return True
        return False

    def _with_coordinated_places(
        self, sent: Sentence, hit: TriggerHit, parts: _Parts, mention: Mention | None
    ) -> list[Mention]:
        """The trigger's mention, and one more per further coordinated target place."""
        if mention is None or mention.place is None or hit.event_type not in SPREAD_TYPES:
            return [] if mention is None else [mention]
        geocoded = [(c, parts.places[n]) for n, c in enumerate(parts.candidates)]
        chosen = next((c for c, p in geocoded if p == mention.place), None)
        if chosen is None:
            return [mention]
        agents = set(agent_slots(sent, hit.token, self.events.judges))
        extra = other_places(sent, hit.token, chosen, geocoded, parts.reporting, agents)
        out = [mention]
        for _, place in extra[:3]:
            summary = summarise(hit.sub_event_type, mention.actor1, mention.actor2, place,
                                mention.status, mention.attributed_to)  # fmt: skip
            key = f"{mention.mention_id}:{place.name}"
            out.append(replace(mention, place=place, summary=summary,
                               mention_id="M" + hashlib.sha1(key.encode()).hexdigest()[:12]))  # fmt: skip
        return out

    def _mention(
        self,
        doc: Document,
        sent: Sentence,
        hit: TriggerHit,
        parts: _Parts,
        frame: Frame,
        nearest: dict[int, tuple[int, int]],
        others: frozenset[int] = frozenset(),
    ) -> Mention | None:
        fact = factuality(sent, hit.token, self.events)
        if fact.mode == Mode.IRREALIS:
            return None
        planned = fact.mode == Mode.PLANNED
        taken = {n: p for n, (t, p) in nearest.items() if t != hit.token}
        choice = choose_date(sent, hit.token, parts.expressions, parts.reporting, taken)
        date_range, source = None, ""
        if choice is not None:
            dated = parts.dated(choice.expression)
            date_range = dated.range
            if planned and dated.tense != Tense.FUTURE:
                date_range = resolve(dated.expression, doc.published, tense=Tense.FUTURE,
                                     reference=frame.reference)  # fmt: skip
            source = "sentence" if choice.own else "reporting"
        elif after := date_after(sent, hit.token, parts.expressions):
            date_range, source = parts.dated(after).range, "after"
        if (fact.mode == Mode.BACKGROUND or generic_present(sent, hit.token)) and (
            source != "sentence"
        ):
            return None
        antecedent = frame.by_group.get(group_of(hit.event_type))
        if hit.event_type in VIOLENT and latest(sent, hit.token) and frame.violent:
            # "the latest attack": the most recent one the story told, not the last told
            antecedent = max(frame.violent, key=lambda m: m.date.best if m.date else date.min)
            hit = replace(hit, event_type=antecedent.event_type,
                          sub_event_type=antecedent.sub_event_type)  # fmt: skip
        referred: Mention | None = None
        if antecedent is None and hit.event_type in VIOLENT and anaphoric(sent, hit.token):
            # "the attack" after a missile strike: that strike, of its type
            told = [m for t in VIOLENT if (m := frame.by_group.get(group_of(t))) is not None]
            if told:
                antecedent = max(told, key=lambda m: m.char_start)
                hit = replace(hit, event_type=antecedent.event_type,
                              sub_event_type=antecedent.sub_event_type)  # fmt: skip
        told = frame.last_violent
        if (
            told is not None
            and hit.event_type in VIOLENT
            and casualty_report(sent, hit, self.events)
        ):
            # "missiles struck the base … 60 soldiers had been killed on Tuesday": the
            # strike's toll, of its type, so that both are one event
            hit = replace(hit, event_type=told.event_type, sub_event_type=told.sub_event_type)
        if hit.evidence < WEAK_SENSE and antecedent is None:
            return None  # "the strike" with nothing told before it to refer to
        if (
            choice is not None
            and antecedent is not None
            and antecedent.date is not None
            and anaphoric(sent, hit.token)
            and expression_head(sent, choice.expression) not in sent.subtree(hit.token)
        ):
            # "said on Monday it was appalled by *her arrest*": the arrest told before,
            # on its own day, with its own parties; Monday is when it was said
            date_range, source, referred = None, "", antecedent
        agents = set(agent_slots(sent, hit.token, self.events.judges))
        agents |= office_holders(sent, self.events)
        geocoded = [(c, parts.places[n]) for n, c in enumerate(parts.candidates)]
        motion = hit.event_type == EventType.DIPLOMACY
        chosen = choose_place(
            sent, hit.token, geocoded, parts.reporting, agents, motion, others=others
        )
        place = chosen[1] if chosen else None
        if date_range is None:
            told = antecedent if refers_back(sent, hit.token) else None
            if told is not None and place and told.place and place.iso3 != told.place.iso3:
                told = None  # "the talks in Saudi Arabia" are not the visit to Kursk told before
            date_range, source = self.context_date(doc, frame, told, planned)
        days = days_before(sent, hit.token) if date_range is not None else None
        own = source in ("sentence", "reporting") and own_clause_date(sent, hit.token, choice)
        if days and date_range is not None and not own:
            # "the visit came *a day after* the delegation met": the day before
            shift = timedelta(days=days)
            date_range = replace(date_range, best=date_range.best - shift,
                                 start=date_range.start - shift, end=date_range.end - shift)  # fmt: skip
        if date_range is None:
            return None
        if (
            antecedent is not None
            and antecedent.place is not None
            and unnamed_target(sent, hit.token, self.events)
        ):
            place = antecedent.place  # "captured *the city*": the place told before
        referent = antecedent is not None and antecedent.place is not None and antecedent.date
        if place is None and referent and anaphoric(sent, hit.token):
            assert antecedent is not None and antecedent.date is not None
            if date_range.overlaps(antecedent.date):
                place = antecedent.place
        place_spans = [(c.start, c.end) for c in parts.candidates]
        sources = source_tokens(sent, parts.reporting, hit.token)
        parties = [a for a in parts.actors if sent.span_head(a.start, a.end) not in sources]
        actor1, actor2, names = actor_roles(
            sent, hit.token, parties, place_spans, self.actors, self.events.judges
        )
        if not actor1:
            actor1 = speaker_as_doer(sent, hit.token, parts.reporting, parts.actors)
        if referred is not None:
            actor1, actor2, names = referred.actor1, referred.actor2, list(referred.actors)
        if place is None and hit.event_type in DECIDED_AT_HOME:
            place = self._seat_of(actor1)  # "the US has allowed …": decided in Washington
        from_story = place is None and hit.event_type in PLACE_FROM_STORY
        if from_story:
            place = frame.lede_place
        status, attributed = Status.REPORTED, ""
        if planned or (doc.published and date_range.start > doc.published):
            status = Status.PLANNED
        elif fact.claimed:
            status = Status.CLAIMED
            # the claimant named ("Russia claimed"); with none named, the doer; a claimant
            # that is no party ("the IRIB agency confirmed") is never the doer
            attributed = claimant(sent, fact.claimant, parts.actors)
            if not attributed and fact.claimant is None:
                attributed = actor1
        killed, injured = casualties(sent.text) if hit.event_type in VIOLENT else (None, None)
        confidence = hit.rule.strength + 0.1 * hit.evidence
        confidence += SOURCE_WEIGHT.get(source, 0.0)
        if place is not None:
            confidence += 0.05 if place.precision == GeoPrecision.COUNTRY else 0.1
        confidence += 0.05 if actor1 else 0.0
        confidence += 0.05 if killed or injured else 0.0
        confidence -= 0.1 if planned else 0.0
        confidence -= 0.15 if in_relative_clause(sent, hit.token) else 0.0
        confidence += 0.05 if happens(sent, hit.token) else 0.0  # "a fire *broke out*"
        if hit.event_type not in VIOLENT and source not in ("sentence", "reporting") and not chosen:
            confidence -= BARE_PENALTY if bare(sent, hit.token) else 0.0
        persons = [a.actor.canonical for a in parts.actors if a.is_person]
        summary = summarise(hit.sub_event_type, actor1, actor2, place, status, attributed)
        mention = self.record(
            doc, sent, sent.tokens[hit.token].text, sent.tokens[hit.token].start, hit.event_type,
            hit.sub_event_type, status, attributed, actor1, actor2, names, persons, place,
            date_range, source, killed, injured, summary, confidence, priority=int(10 * (1 - hit.rule.strength)),
        )  # fmt: skip
        if from_story and place is not None:
            frame.story_placed.add(mention.mention_id)
        return mention

    def _seat_of(self, actor: str) -> Place | None:
        """Where a state decides: its capital."""
        found = self.actors.actors.get(actor)
        if found is None or found.kind != "state" or not found.country:
            return None
        country = self.resolver.gazetteer.country(found.country)
        return self.resolver.seat_of_government(country.iso2) if country else None

    def context_date(
        self,
        doc: Document,
        frame: Frame,
        antecedent: Mention | None,
        planned: bool,
        paragraph: bool = True,
    ) -> tuple[DateRange | None, str]:
        if antecedent is not None and antecedent.date is not None and not planned:
            return replace(antecedent.date, phrase=""), "frame"
        if paragraph and frame.paragraph_date is not None and not planned:
            return replace(frame.paragraph_date, phrase=""), "paragraph"
        anchor = doc.published
        if anchor is None:
            return None, "unresolved"
        if planned:
            return DateRange(
                anchor, anchor, anchor + timedelta(days=7), TimePrecision.WEEK
            ), "publication"
        return DateRange(
            anchor, anchor - timedelta(days=7), anchor, TimePrecision.WEEK
        ), "publication"

    def _update_frame(
        self, doc: Document, sent: Sentence, frame: Frame, parts: _Parts, mentions: list[Mention]
    ) -> None:
        for dated in parts.dates:
            if is_future_expression(dated.expression) or dated.tense == Tense.FUTURE:
                continue
            resolved = dated.range
            if resolved is None or (doc.published and resolved.start > doc.published):
                continue
            if doc.published and (doc.published - resolved.end).days > 365:
                continue  # a background date is no context for the paragraph
            frame.paragraph_date = frame.story_last_date = resolved
            recent = doc.published is None or (doc.published - resolved.end).days <= STORY_DAYS
            if frame.story_date is None and recent and resolved.precision == TimePrecision.DAY:
                frame.story_date = (sent.index, resolved)
        for m in mentions:
            if m.event_type in VIOLENT and m.status != Status.PLANNED:
                frame.violent.append(m)
            if frame.lede_place is None and m.place and m.place.precision <= GeoPrecision.NEAR_TOWN:
                frame.lede_place = m.place
            if (
                m.date is not None
                and m.date_source in ("sentence", "reporting")
                and m.status != Status.PLANNED
            ):
                frame.by_group[group_of(m.event_type)] = m
        persons = [a for a in parts.actors if a.is_person]
        if persons:
            frame.last_person = persons[0]

    def record(
        self, doc: Document, sent: Sentence, trigger: str, offset: int, event_type: EventType,
        sub: str, status: Status, attributed: str, actor1: str, actor2: str, names: list[str],
        persons: list[str], place: Place | None, date_range: DateRange | None, date_source: str,
        killed: int | None, injured: int | None, summary: str, confidence: float,
        priority: int = 99, speaker_group: str = "",
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
            persons=tuple(dict.fromkeys(persons)),
            place=place,
            date=date_range,
            date_source=date_source,
            fatalities=killed,
            injured=injured,
            summary=summary,
            confidence=round(max(0.05, min(confidence, 0.95)), 2),
            speaker_group=speaker_group,
            priority=priority,
            url=web_address(doc.url),
            title=doc.title,
        )
