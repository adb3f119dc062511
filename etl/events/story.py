"""Document-level passes over a story's mentions, and their one-line summaries.

- `dated_by_the_story`: the lede's undated news takes the first recent day the story
  gives after it;
- `at_the_talks`: talks and agreements with no place of their own are placed where the
  story's talks are held;
- `continuation`: casualty counts in the sentence after a violent event belong to it;
- `specific_kind`: an attack told without its weapon is the strike the next sentences
  tell ("an attack by the RSF … The RSF launched a barrage of suicide drones").
"""

from __future__ import annotations

from dataclasses import replace

from etl.events.casualties import casualties
from etl.events.triggers import VIOLENT
from etl.merge import places_agree
from etl.nlp import Sentence
from etl.schema import DateRange, EventType, GeoPrecision, Mention, Place, Status

TALKS = frozenset({EventType.DIPLOMACY, EventType.AGREEMENT})


def summarise(
    sub: str, actor1: str, actor2: str, place: Place | None, status: Status, attributed: str
) -> str:
    """A one-line headline: "Russian forces drone strike on Kharkiv (claimed by Russia)"."""
    head = f"{actor1} {sub}" if actor1 else sub[:1].upper() + sub[1:]
    if actor2 and actor2 != actor1:
        head += f" – {actor2}"
    if place is not None:
        head += f" in {place.name}"
    if status == Status.PLANNED:
        head += " (planned)"
    elif status == Status.CLAIMED:
        head += f" (claimed{' by ' + attributed if attributed else ''})"
    return head[:1].upper() + head[1:]


STORY_DAYS = 7


def dated_by_the_story(
    mentions: list[Mention], story_date: tuple[int, DateRange] | None
) -> list[Mention]:
    """The lede's undated news takes the first recent day the story gives after it ("X
    has approved new aid … *On Sunday* the minister welcomed the news"): the lede sums up
    what the following paragraphs date, so it happened by then, not on the day of
    publication."""
    if story_date is None:
        return mentions
    index, day = story_date
    out = []
    for m in mentions:
        if (
            m.date_source == "publication"
            and m.status != Status.PLANNED
            and m.sentence_index < index
        ):
            m = replace(m, date=replace(day, phrase=""), date_source="story")
        out.append(m)
    return out


def at_the_talks(mentions: list[Mention], story_placed: set[str]) -> list[Mention]:
    """Talks and agreements with no place of their own happen where the story's talks
    are held (the nearest town-level place of a talks or agreement mention), rather than
    where the story's first event was. A phone call has no place."""
    venues = [
        m
        for m in mentions
        if m.event_type in TALKS
        and m.mention_id not in story_placed
        and m.place is not None
        and m.place.precision <= GeoPrecision.NEAR_TOWN
    ]
    if not venues:
        return mentions
    out = []
    for m in mentions:
        from_story = m.mention_id in story_placed or m.place is None
        if from_story and m.event_type in TALKS and m.sub_event_type != "phone call":
            venue = min(venues, key=lambda v: abs(v.char_start - m.char_start))
            summary = summarise(
                m.sub_event_type, m.actor1, m.actor2, venue.place, m.status, m.attributed_to
            )
            m = replace(m, place=venue.place, summary=summary)
        out.append(m)
    return out


def continuation(sent: Sentence, mentions: list[Mention]) -> list[Mention]:
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


GENERIC_ATTACK = "attack"
NEARBY_SENTENCES = 3


def specific_kind(mentions: list[Mention]) -> list[Mention]:
    """An attack told without its weapon ("32 civilians were killed in an attack by the
    RSF") takes the kind of the strike the story tells within a few sentences of it, on
    a day and at a place that agree, by the same attacker ("The RSF launched a barrage of
    suicide drones … on the city"), so that the two are one event of the right type."""
    strikes = [m for m in mentions if m.event_type == EventType.REMOTE_STRIKE and m.date]
    out = []
    for m in mentions:
        if m.event_type == EventType.ARMED_CLASH and m.sub_event_type == GENERIC_ATTACK and m.date:
            found = [
                s
                for s in strikes
                if abs(s.sentence_index - m.sentence_index) <= NEARBY_SENTENCES
                and s.date is not None
                and s.date.overlaps(m.date)
                and places_agree(s.place, m.place)
                and (not s.actor1 or not m.actor1 or s.actor1 == m.actor1)
            ]
            if found:
                s = min(found, key=lambda f: abs(f.sentence_index - m.sentence_index))
                m = replace(m, event_type=s.event_type, sub_event_type=s.sub_event_type,
                            summary=summarise(s.sub_event_type, m.actor1, m.actor2, m.place,
                                              m.status, m.attributed_to))  # fmt: skip
        out.append(m)
    return out
