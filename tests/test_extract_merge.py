from datetime import date

import pytest

from etl.actors import default_lexicon
from etl.clean import clean
from etl.extract import Extractor, casualties, fill_template, modality
from etl.ingest import Document
from etl.merge import merge, places_agree
from etl.nlp import RuleAnalyzer
from etl.schema import EventType, GeoPrecision, Place, Status
from etl.triggers import compile_pattern, default_triggers


@pytest.fixture(scope="module")
def extractor(resolver):
    return Extractor(default_lexicon(), default_triggers(), resolver)


def mentions(extractor, text, published=date(2025, 3, 13), outlet="Outlet", name="a.txt"):
    doc = Document(doc_id=name, file=name, text=text, outlet=outlet, published=published)
    paragraphs, _ = clean(text)
    found, _ = extractor.document(doc, RuleAnalyzer().sentences(paragraphs))
    return found


def test_event_typing(extractor):
    cases = {
        "Russian forces launched 117 drones at Ukraine overnight.": EventType.REMOTE_STRIKE,
        "On Thursday, Russian forces retook Sudzha, the ministry said.": EventType.TERRITORIAL_CHANGE,
        "Rubio met Ukrainian officials in Jeddah on Tuesday.": EventType.DIPLOMACY,
        "On Tuesday the United States agreed to resume military aid to Ukraine.": EventType.AID_OR_SANCTION,
        "This month, Russia sentenced a British man to 19 years in prison.": EventType.LEGAL,
    }
    for text, expected in cases.items():
        found = mentions(extractor, text)
        assert [m.event_type for m in found] == [expected], text


def test_planned_claimed_and_hypothetical(extractor):
    planned = mentions(extractor, "Witkoff is expected to travel to Moscow later this week.")
    assert planned[0].status == Status.PLANNED
    claimed = mentions(
        extractor,
        "On Thursday, Russia's Defense Ministry claimed that Russian forces had retaken Sudzha.",
    )
    assert claimed[0].status == Status.CLAIMED and claimed[0].attributed_to
    assert mentions(extractor, "If Russia agrees, talks could be held in Jeddah on Friday.") == []
    assert modality("they would not meet in Moscow", 19, 23) == "irrealis"


def test_casualties_and_continuation(extractor):
    assert casualties("Five people were killed and 28 injured in the attacks.") == (5, 28)
    text = (
        "Russian forces launched 117 drones at Ukraine overnight, the air force said. "
        "Five people were killed and 28 injured in the attacks."
    )
    found = mentions(extractor, text)
    assert len(found) == 1 and (found[0].fatalities, found[0].injured) == (5, 28)


def test_sentence_without_date_takes_paragraph_context(extractor):
    text = "Last month, he met with Mr. Putin in Moscow. The envoy met Lavrov in Moscow too."
    found = mentions(extractor, text)
    assert {m.date.start for m in found} == {date(2025, 2, 1)}
    assert found[1].date_source == "paragraph"


def test_merge_across_outlets_keeps_precise_date_and_all_sources(extractor):
    a = mentions(
        extractor, "Officials met in Jeddah on Tuesday for talks.", date(2025, 3, 12), "A", "a"
    )
    b = mentions(
        extractor, "Talks held in Jeddah earlier this week went well.", date(2025, 3, 13), "B", "b"
    )
    c = mentions(
        extractor,
        "A phone call between Putin and Trump took place on Tuesday.",
        date(2025, 3, 12),
        "C",
        "c",
    )
    events, assignment = merge(a + b + c)
    talks = [e for e in events if e.sub_event_type == "talks"]
    assert len(talks) == 1 and talks[0].sources == ("A", "B")
    assert talks[0].date.best == date(2025, 3, 11) and talks[0].first_reported == date(2025, 3, 12)
    assert len(events) == 2  # the phone call is not the meeting
    assert set(assignment) == {m.mention_id for m in a + b + c}


def test_merge_notes_disagreeing_death_tolls(extractor):
    a = mentions(
        extractor,
        "Russian drones struck Kharkiv overnight, killing 5 people.",
        outlet="A",
        name="a",
    )
    b = mentions(
        extractor,
        "Russian drones struck Kharkiv overnight, killing 7 people.",
        outlet="B",
        name="b",
    )
    (event,), _ = merge(a + b)
    assert event.fatalities == 5 and "fatalities differ" in event.notes


def test_places_agree_by_town_region_and_country():
    def p(name, lat, lon, prec, admin1="X region", iso3="RUS"):
        return Place(name, lat, lon, "Russia", iso3, admin1, GeoPrecision(prec))

    sudzha, kursk_region = (
        p("Sudzha", 51.19, 35.27, 1, "Kursk region"),
        p("Kursk region", 51.73, 36.18, 3, "Kursk region"),
    )
    moscow = p("Moscow", 55.75, 37.62, 1, "Moscow region")
    assert places_agree(sudzha, kursk_region)
    assert not places_agree(sudzha, moscow)
    assert places_agree(moscow, p("Russia", 55.75, 37.62, 4))
    assert not places_agree(moscow, p("Ukraine", 50.4, 30.5, 4, iso3="UKR"))


def test_trigger_language_and_templates():
    rx = compile_pattern("resum* ~ (aid|assistance)|lift* ~ restrictions")
    assert rx.search("agreed to resume the flow of U.S. aid")
    assert not rx.search("resume talks")
    assert (
        fill_template("{actor1} drone strike[ on {place}]", {"actor1": "", "place": ""})
        == "Drone strike"
    )
    assert fill_template(
        "{actor1} retake[ {place}]", {"actor1": "Russian forces", "place": "Sudzha"}
    ) == ("Russian forces retake Sudzha")
