from datetime import date

import pytest

from etl.actors import default_lexicon
from etl.clean import clean
from etl.events import Extractor, default_event_lexicon
from etl.events.casualties import casualties
from etl.events.extractor import summarise
from etl.events.quotes import dateline_end, quoted_spans
from etl.ingest import Document
from etl.merge import merge, places_agree
from etl.nlp import ModelMissing, lemma_of, load_analyzer
from etl.schema import EventType, GeoPrecision, Place, Status


@pytest.fixture(scope="module")
def extractor(resolver):
    return Extractor(default_lexicon(), default_event_lexicon(), resolver)


@pytest.fixture(scope="module")
def analyzer():
    return load_analyzer()


@pytest.fixture
def mentions(extractor, analyzer):
    def run(text, published=date(2025, 3, 13), outlet="Outlet", name="a.txt"):
        doc = Document(doc_id=name, file=name, text=text, outlet=outlet, published=published)
        paragraphs, _ = clean(text)
        found, _, _ = extractor.document(doc, analyzer.sentences(paragraphs))
        return found

    return run


def kinds(found):
    return [(m.event_type, m.sub_event_type) for m in found if m.event_type != EventType.STATEMENT]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Russian forces launched 117 drones at Ukraine overnight.", EventType.REMOTE_STRIKE),
        (
            "On Thursday, Russian forces retook Sudzha, the ministry said.",
            EventType.TERRITORIAL_CHANGE,
        ),
        ("Rubio met Ukrainian officials in Jeddah on Tuesday.", EventType.DIPLOMACY),
        (
            "On Tuesday the United States resumed military aid to Ukraine.",
            EventType.AID_OR_SANCTION,
        ),
        (
            "On Monday a Moscow court sentenced a British man to 19 years in prison.",
            EventType.LEGAL,
        ),
        ("Russia and Ukraine signed a ceasefire agreement in Doha on Friday.", EventType.AGREEMENT),
        ("An agreement was reached in Doha on Friday.", EventType.AGREEMENT),
        ("Rebel fighters stormed the town of Kursk on Sunday.", EventType.ARMED_CLASH),
        ("Gunmen ambushed a convoy near Donetsk on Sunday.", EventType.ARMED_CLASH),
    ],
)
def test_event_types_from_lemmas(mentions, text, expected):
    assert [t for t, _ in kinds(mentions(text))] == [expected]


def test_weapons_refine_the_sub_type_and_make_an_attack_remote(mentions):
    assert kinds(mentions("A Russian missile strike hit Kharkiv on Wednesday.")) == [
        (EventType.REMOTE_STRIKE, "missile strike")
    ]
    found = kinds(mentions("Drones attacked an airfield near Kursk on Monday."))
    assert found == [(EventType.REMOTE_STRIKE, "drone strike")]
    assert kinds(mentions("Artillery pounded the outskirts of Donetsk on Monday.")) == [
        (EventType.REMOTE_STRIKE, "shelling")
    ]


def test_word_sense_comes_from_the_arguments(mentions):
    # a verbal clash of two leaders, captured people, a "struck" deal
    assert kinds(mentions("The two ministers clashed over budgets at a dinner on Monday.")) == []
    assert kinds(mentions("Police captured three suspects on Monday.")) == []
    assert kinds(mentions("Russia and Ukraine struck a deal in Doha on Friday.")) == [
        (EventType.AGREEMENT, "deal signed")
    ]


def test_negated_hypothetical_wanted_and_purpose_clauses_are_not_events(mentions):
    for text in (
        "Russia did not strike Kharkiv on Monday.",
        "If Russia agrees, talks could be held in Jeddah on Friday.",
        "Kyiv called for talks in Jeddah on Friday.",
        "The plan would allow Ukraine to strike targets in Kursk.",
        "Officials said a possible ceasefire agreement might be signed in Doha.",
    ):
        assert kinds(mentions(text)) == [], text


def test_planned_and_claimed_status(mentions):
    planned = mentions("Witkoff will travel to Moscow next week for talks with Putin.")
    assert planned and all(m.status == Status.PLANNED for m in planned)
    claimed = mentions(
        "On Thursday, Russia's Defence Ministry claimed that Russian forces had retaken Sudzha."
    )
    assert claimed[0].status == Status.CLAIMED and claimed[0].attributed_to


def test_background_and_habitual_events_keep_their_own_date_or_go(mentions):
    assert kinds(mentions("Russia has been shelling Kharkiv regularly since 2023.")) == []
    assert kinds(mentions("Aid has flowed since the invasion of Ukraine.")) == []
    old = mentions("Russia invaded Ukraine in February 2022, the report recalled.")
    assert [m.date.start for m in old if m.event_type == EventType.ARMED_CLASH] == [
        date(2022, 2, 1)
    ]


def test_place_through_the_parse_not_the_reporting_clause(mentions):
    (m,) = [x for x in mentions("Kharkiv was hit by a missile strike overnight, officials in Kyiv said.")
            if x.event_type == EventType.REMOTE_STRIKE]  # fmt: skip
    assert m.place.name == "Kharkiv"
    (m,) = kinds_and_places(
        mentions("A drone strike on the city of Kharkiv killed two people on Monday.")
    )
    assert m == (EventType.REMOTE_STRIKE, "Kharkiv")


def kinds_and_places(found):
    return [(m.event_type, m.place.name if m.place else "") for m in found
            if m.event_type != EventType.STATEMENT]  # fmt: skip


def test_actors_agent_through_nationality_and_by_phrase(mentions):
    (m,) = [x for x in mentions("Kharkiv was hit by Russian drones on Monday.")
            if x.event_type == EventType.REMOTE_STRIKE]  # fmt: skip
    assert m.actor1 in ("Russia", "Russian forces")


def test_anaphoric_event_takes_date_and_place_of_its_antecedent(mentions):
    text = (
        "Russian drones struck Kharkiv on Monday.\n\nThe strike damaged a school, the mayor said."
    )
    found = [m for m in mentions(text) if m.event_type == EventType.REMOTE_STRIKE]
    assert {m.date.best for m in found} == {date(2025, 3, 10)}
    assert {m.place.name for m in found if m.place} == {"Kharkiv"}


def test_undated_mention_takes_the_publication_week(mentions):
    (m,) = kinds_and_dates(mentions("Russian forces captured Sudzha, the ministry said."))
    assert (
        m.date.best == date(2025, 3, 13)
        and m.date.precision == 2
        and m.date_source == "publication"
    )


def kinds_and_dates(found):
    return [m for m in found if m.event_type != EventType.STATEMENT]


def test_statement_with_speaker_and_own_date(mentions):
    (s,) = mentions("Zelensky on Tuesday denied that Kyiv had planned anything.")
    assert s.event_type == EventType.STATEMENT and s.date.best == date(2025, 3, 11)
    assert s.speaker_group == "Volodymyr Zelensky" or s.speaker_group


def test_casualties_and_continuation(mentions):
    assert casualties("Five people were killed and 28 injured in the attacks.") == (5, 28)
    text = (
        "Russian forces launched 117 drones at Ukraine overnight, the air force said. "
        "Five people were killed and 28 injured in the attacks."
    )
    found = kinds_and_dates(mentions(text))
    assert found and all(m.event_type == EventType.REMOTE_STRIKE for m in found)
    (event,), _ = merge(found)  # "the attacks" are those drones
    assert (event.fatalities, event.injured) == (5, 28)
    # a count with no event word of its own belongs to the event told just before
    found = kinds_and_dates(mentions(text.replace(" in the attacks", "")))
    assert len(found) == 1 and (found[0].fatalities, found[0].injured) == (5, 28)


def test_quoted_speech_spans():
    assert quoted_spans("He said: “we will strike” today.") == [(9, 24)]
    assert quoted_spans("the end of a quotation” he said.") == [(0, 22)]
    assert quoted_spans('We will hold talks."') == [(0, 19)]
    assert quoted_spans('we defend our cities," he told reporters in Oslo.') == [(0, 21)]
    assert quoted_spans('He said "we will strike" today.') == [(8, 23)]


def test_summary_names_actor_sub_type_place_and_status():
    kyiv = Place("Kyiv", 50.45, 30.52, "Ukraine", "UKR", "", GeoPrecision.TOWN)
    assert summarise("drone strike", "Russian forces", "", kyiv, Status.CLAIMED, "Russia") == (
        "Russian forces drone strike in Kyiv (claimed by Russia)"
    )
    assert summarise("talks", "", "", None, Status.PLANNED, "") == "Talks (planned)"


def test_missing_model_is_one_clear_error():
    with pytest.raises(ModelMissing, match="pip install"):
        load_analyzer("no_such_model_xyz")


def test_merge_across_outlets_keeps_precise_date_and_all_sources(mentions):
    a = mentions("Officials met in Jeddah on Tuesday for talks.", date(2025, 3, 12), "A", "a")
    b = mentions("Talks held in Jeddah earlier this week went well.", date(2025, 3, 13), "B", "b")
    c = mentions(
        "A phone call between Putin and Trump took place on Tuesday.",
        date(2025, 3, 12),
        "C",
        "c",
    )
    events, assignment = merge(a + b + c)
    talks = [e for e in events if e.sub_event_type in ("talks", "meeting")]
    assert len(talks) == 1 and talks[0].sources == ("A", "B")
    assert talks[0].date.best == date(2025, 3, 11) and talks[0].first_reported == date(2025, 3, 12)
    assert len(events) == 2  # the phone call is not the meeting
    assert set(assignment) == {m.mention_id for m in a + b + c}


def test_merge_notes_disagreeing_death_tolls(mentions):
    a = mentions(
        "Russian drones struck Kharkiv overnight, killing 5 people.",
        outlet="A",
        name="a",
    )
    b = mentions(
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


def test_the_topic_of_talks_is_not_where_they_are_held(mentions):
    found = mentions("Diplomats held talks on Ukraine on Monday.")
    talks = [m for m in found if m.event_type.value == "diplomacy"]
    assert talks and (talks[0].place is None or talks[0].place.country != "Ukraine")
    found = mentions("Diplomats held talks in Ukraine on Monday.")
    talks = [m for m in found if m.event_type.value == "diplomacy"]
    assert talks and talks[0].place is not None and talks[0].place.country == "Ukraine"


def _random_mentions(seed: int, n: int = 400):
    import random
    from datetime import timedelta

    from etl.schema import DateRange, GeoPrecision, Mention, Place, Status, TimePrecision

    rng = random.Random(seed)
    towns = [Place(f"T{i}", 48 + rng.random() * 6, 30 + rng.random() * 8, "Ukraine", "UKR",
                   rng.choice(["A", "B", ""]), rng.choice([GeoPrecision.TOWN, GeoPrecision.REGION]))
             for i in range(12)]  # fmt: skip
    country = Place("Ukraine", 49.0, 32.0, "Ukraine", "UKR", "", GeoPrecision.COUNTRY)
    kinds = [EventType.REMOTE_STRIKE, EventType.ARMED_CLASH, EventType.TERRITORIAL_CHANGE,
             EventType.STATEMENT, EventType.AID_OR_SANCTION, EventType.DIPLOMACY]  # fmt: skip
    out = []
    for i in range(n):
        kind = rng.choice(kinds)
        day = date(2025, 1, 1) + timedelta(days=rng.randrange(60))
        width = rng.choice([0, 0, 1, 6, 30, 90, 400])
        actors = tuple(rng.sample(["Russia", "Ukraine", "Belarus"], rng.randint(0, 2)))
        out.append(Mention(
            mention_id=f"M{i}", doc_id=f"d{i % 9}", file=f"f{i % 9}", outlet=f"O{i % 4}",
            published=day, paragraph=0, sentence_index=i, char_start=0, char_end=1, quote="q",
            trigger="t", event_type=kind, sub_event_type=rng.choice(["talks", "call", "aid"]),
            status=Status.REPORTED, attributed_to="", actor1=actors[0] if actors else "",
            actor2="", actors=actors, persons=(), place=rng.choice([None, country, *towns]),
            date=DateRange(day, day, day + timedelta(days=width), TimePrecision.DAY),
            date_source=rng.choice(["sentence", "paragraph"]), fatalities=None, injured=None,
            summary="s", confidence=rng.random(), speaker_group=rng.choice(["x", "y"]),
        ))  # fmt: skip
    return out


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_indexed_merge_finds_the_clusters_of_comparing_every_pair(seed):
    from etl import merge as m

    mentions = _random_mentions(seed)
    order = sorted(
        mentions, key=lambda x: (m._group(x.event_type), *m._date_rank(x), -x.confidence)
    )
    clusters: list = []
    for x in order:  # the reference: every mention against every cluster
        options = [c for c in clusters if m.compatible(c, x, {})]
        if options:
            max(options, key=lambda c: m._affinity(c, x)).add(x, {})
        else:
            clusters.append(m._Cluster([]))
            clusters[-1].add(x, {})
    expected = [[x.mention_id for x in c.members] for c in clusters]
    assert [[x.mention_id for x in c] for c in m.cluster_mentions(mentions)] == expected
    assert len(expected) < len(mentions)  # some did merge


def test_a_village_missing_from_the_gazetteer_takes_its_region_not_a_far_namesake(mentions):
    found = mentions(
        "Russian forces captured the village of Springfield in the Kursk region on Monday."
    )
    captures = [m for m in found if m.event_type == EventType.TERRITORIAL_CHANGE]
    assert captures and captures[0].place is not None
    assert (
        captures[0].place.country == "Russia" and captures[0].place.precision == GeoPrecision.REGION
    )


def test_an_armed_group_makes_an_attack_armed(mentions):
    found = mentions("On Monday M23 attacked again, residents said.")
    assert any(m.event_type in (EventType.ARMED_CLASH, EventType.REMOTE_STRIKE) for m in found)
    assert not mentions("On Monday the minister attacked again, residents said.")


def test_an_agreement_without_a_place_is_placed_where_the_talks_were_held(mentions):
    found = mentions(
        "Government troops shelled Khartoum on Monday. "
        "A truce deal was reached on Tuesday after weeks of pressure. "
        "It follows long negotiations in Jeddah, mediators said."
    )
    deals = [m for m in found if m.event_type == EventType.AGREEMENT]
    assert deals and all(m.place is not None and m.place.name == "Jeddah" for m in deals)


def test_a_place_of_another_event_in_the_sentence_is_not_taken(mentions):
    found = mentions("A truce was agreed on Tuesday after months of fighting in Khartoum.")
    deals = [m for m in found if m.event_type == EventType.AGREEMENT]
    assert deals and all(m.place is None or m.place.name != "Khartoum" for m in deals)


def _captures(found):
    return [m for m in found if m.event_type == EventType.TERRITORIAL_CHANGE]


def test_an_unlisted_village_is_placed_by_distance_and_bearing_from_its_town(mentions):
    found = mentions(
        "On Monday Russian forces took control of Zelenodolyanka, "
        "about 20 kilometres south-west of the regional capital Kharkiv."
    )
    (capture,) = _captures(found)
    place = capture.place
    assert place is not None and place.precision == GeoPrecision.NEAR_TOWN
    assert place.name.startswith("Zelenodolyanka") and place.country == "Ukraine"
    kharkiv = (49.99, 36.23)
    from geopy.distance import great_circle

    assert 15 < great_circle(kharkiv, (place.latitude, place.longitude)).km < 25
    assert place.latitude < kharkiv[0] and place.longitude < kharkiv[1]  # south-west


def test_an_unlisted_village_takes_the_region_another_sentence_ties_it_to(mentions):
    found = mentions(
        "Ukrainian troops liberated the settlement of Zelenodolyanka on Monday.\n\n"
        '"The village of Zelenodolyanka in the Kharkiv region is free," a soldier said.'
    )
    captures = [m for m in _captures(found) if m.place is not None]
    assert captures and captures[0].place.precision == GeoPrecision.REGION
    assert "Kharkiv" in captures[0].place.admin1


def test_an_unlisted_name_with_nothing_to_place_it_is_not_placed(mentions):
    found = mentions("Ukrainian troops liberated the settlement of Zelenodolyanka on Monday.")
    assert all(m.place is None for m in _captures(found))


def test_the_sides_of_strikes_on_one_day_are_not_merged(mentions):
    found = mentions(
        "Russian forces struck energy sites across Ukraine overnight, the army said. "
        "Ukrainian forces struck targets in Russia overnight, Moscow said."
    )
    strikes = [m for m in found if m.event_type == EventType.REMOTE_STRIKE]
    assert {m.actor1 for m in strikes} == {"Russian forces", "Ukrainian forces"}
    events, _ = merge(found)
    assert len([e for e in events if e.event_type == EventType.REMOTE_STRIKE]) == 2


def test_who_judges_an_attack_is_not_its_agent_and_weapon_origin_is_no_actor(mentions):
    found = mentions(
        "Iranian missiles hit a hospital in Beersheba on Monday. "
        "The Israeli health minister condemned the missile strike as an act of terror."
    )
    strikes = [m for m in found if m.event_type == EventType.REMOTE_STRIKE]
    assert len(strikes) == 2 and all(m.actor1 != "Israel" for m in strikes)
    assert len(merge(found)[0]) == len([m for m in found if m not in strikes]) + 1
    found = mentions("On Monday Russian forces struck Kharkiv with Iranian-made drones.")
    strikes = [m for m in found if m.event_type == EventType.REMOTE_STRIKE]
    assert strikes and "Iran" not in strikes[0].actors


def test_a_ministry_named_by_nationality_is_the_agent(mentions):
    found = mentions(
        "On Monday the Ukrainian Defence Ministry claimed to have hit a depot in Kursk."
    )
    strikes = [m for m in found if m.event_type == EventType.REMOTE_STRIKE]
    assert strikes and strikes[0].actor1 == "Ukraine"


def test_an_event_going_on_for_years_is_background(mentions):
    found = mentions("Sudan has been fending off a rebel offensive for almost three years.")
    assert not [m for m in found if m.event_type == EventType.ARMED_CLASH]


def test_an_attack_noun_that_names_a_kind_of_thing_is_no_event(mentions):
    found = mentions("Air-raid alarms sounded in Lviv on Monday.")
    assert not [m for m in found if m.event_type in (EventType.REMOTE_STRIKE,)]


def test_an_undated_lede_takes_the_first_day_the_story_gives(mentions):
    found = mentions(
        "Canada has approved a new military aid package for the Sudanese army, officials say.\n\n"
        "On Sunday the Sudanese general welcomed the news.",
        published=date(2025, 3, 13),  # a Thursday
    )
    aid = [m for m in found if m.event_type == EventType.AID_OR_SANCTION]
    assert aid and aid[0].date.best == date(2025, 3, 9) and aid[0].date_source == "story"


def test_a_state_decision_without_a_place_is_placed_at_its_capital(mentions):
    found = mentions("Ireland approved a new humanitarian aid package on Monday.")
    aid = [m for m in found if m.event_type == EventType.AID_OR_SANCTION]
    assert aid and aid[0].place is not None and aid[0].place.name == "Dublin"


def test_a_hyphenated_word_is_read_whole(mentions):
    found = mentions("On Monday the general rejected a cease-fire in the south.")
    assert not [m for m in found if m.sub_event_type == "fire"]


def test_readiness_for_talks_is_no_talks(mentions):
    found = mentions("On Monday the minister stressed his availability for talks with Kyiv.")
    assert not [m for m in found if m.event_type == EventType.DIPLOMACY]


def test_a_speaker_s_whereabouts_are_not_the_place_of_what_he_describes(mentions):
    found = mentions(
        "Speaking in Minsk on Wednesday, the minister described Tuesday's talks in Doha as useful."
    )
    talks = [m for m in found if m.event_type == EventType.DIPLOMACY]
    assert talks and all(m.place is None or m.place.name != "Minsk" for m in talks)


def test_a_modal_on_what_an_event_caused_leaves_the_event_actual(mentions):
    found = mentions("A phone call between the two presidents on Monday may have changed the mood.")
    assert [m for m in found if m.sub_event_type == "phone call"]
    found = mentions("Talks between the two presidents may take place on Monday.")
    assert not [m for m in found if m.event_type == EventType.DIPLOMACY]


def test_a_region_that_owns_a_part_is_the_place(mentions):
    found = mentions("On Monday the army retook two villages on the Kursk region's western edge.")
    captures = [m for m in found if m.event_type == EventType.TERRITORIAL_CHANGE]
    assert captures and captures[0].place is not None
    assert captures[0].place.precision == GeoPrecision.REGION


def test_a_meeting_is_diplomacy_only_between_political_parties(mentions):
    private = mentions("On Monday a local boxer met his girlfriend's family in Kyiv.")
    assert not [m for m in private if m.event_type == EventType.DIPLOMACY]
    relative = mentions("A Kenyan boxer who met her on Monday in Kyiv said she was innocent.")
    assert not [m for m in relative if m.event_type == EventType.DIPLOMACY]
    official = mentions("On Monday the foreign minister met his Turkish counterpart in Kyiv.")
    assert [m for m in official if m.event_type == EventType.DIPLOMACY]
    own = mentions("On Monday the president held a meeting with his top commanders in Kyiv.")
    assert not [m for m in own if m.event_type == EventType.DIPLOMACY]


def test_the_simple_present_after_the_lede_is_what_someone_does_in_general(mentions):
    found = mentions(
        "Canada sends new military aid to Ukraine.\n\n"
        "The package was approved on Monday, the minister said in Ottawa. "
        "The minister spoke to reporters afterwards. "
        "A Toronto charity provides military aid to Ukrainian units."
    )
    aid = [m for m in found if m.event_type == EventType.AID_OR_SANCTION]
    assert aid and not [m for m in aid if "charity" in m.quote]
    assert any(m.quote.startswith("Canada sends") for m in aid)  # a headline's present


def test_the_following_day_counts_from_the_date_told_last_in_any_paragraph(mentions):
    found = mentions(
        "Drones struck an airfield in Kharkiv on 5 March, officials said.\n\n"
        "Another drone hit a depot in Sudzha the following day.",
        published=date(2025, 3, 20),
    )
    depot = [m for m in found if "Sudzha" in (m.place.name if m.place else "")]
    assert depot and depot[0].date.best == date(2025, 3, 6) and depot[0].status == Status.REPORTED


def test_visiting_family_is_no_visit_of_state(mentions):
    found = mentions("She was arrested on Monday while visiting her family in Moscow.")
    assert not [m for m in found if m.event_type == EventType.DIPLOMACY]


def test_a_date_that_describes_the_speaker_is_not_the_statement_s(mentions):
    found = mentions(
        "Marco Rubio, who took office in 2023, said the plan would work.",
        published=date(2025, 3, 13),
    )
    statements = [m for m in found if m.event_type == EventType.STATEMENT]
    assert statements and statements[0].date.best.year == 2025


def test_the_attack_after_a_missile_strike_is_that_strike(mentions):
    found = mentions(
        "Russian missiles struck Kharkiv on Monday, officials said. "
        "In the attack, two firefighters were killed."
    )
    violent = [m for m in found if m.event_type in (EventType.REMOTE_STRIKE, EventType.ARMED_CLASH)]
    assert len(violent) == 2 and {m.event_type for m in violent} == {EventType.REMOTE_STRIKE}
    events, _ = merge(found)
    assert len([e for e in events if e.event_type == EventType.REMOTE_STRIKE]) == 1


def test_a_later_reference_to_an_event_keeps_its_day_and_parties(mentions):
    found = mentions(
        "Russian police arrested a teacher in Kursk on 5 March.\n\n"
        "On Monday, a Ukrainian union said it was appalled by the teacher's arrest.",
        published=date(2025, 3, 20),
    )
    arrests = [m for m in found if m.event_type == EventType.LEGAL]
    assert len(arrests) == 2 and {m.date.best for m in arrests} == {date(2025, 3, 5)}
    events, _ = merge(found)
    assert len([e for e in events if e.event_type == EventType.LEGAL]) == 1


def test_a_place_of_the_first_of_two_coordinated_verbs_is_not_the_second_s(mentions):
    found = mentions("The teacher lived in London but was arrested in Kursk on Monday.")
    arrests = [m for m in found if m.event_type == EventType.LEGAL]
    assert arrests and arrests[0].place is not None and arrests[0].place.name == "Kursk"
    found = mentions(
        "The teacher lived in London but was arrested on Monday while visiting Russia."
    )
    arrests = [m for m in found if m.event_type == EventType.LEGAL]
    assert arrests and (arrests[0].place is None or arrests[0].place.name != "London")


def test_a_statement_is_placed_where_it_was_made_else_at_the_seat_of_government(mentions):
    (s,) = mentions("Putin told reporters in Minsk on Monday that the plan would fail.")
    assert s.event_type == EventType.STATEMENT and s.place.name == "Minsk"
    (s,) = mentions("Putin said on Monday that the plan would fail.")
    assert s.place.name == "Moscow"


def test_an_acronym_is_not_the_town_that_bears_its_letters():
    from etl.geocode import is_acronym

    assert is_acronym("UN") and is_acronym("EU") and is_acronym("D.C.")
    assert not is_acronym("PARIS") and not is_acronym("Kyiv")


def test_a_place_in_another_clause_is_not_where_a_statement_was_made(mentions):
    found = mentions(
        "Zelensky on Monday denied the claims, after Russia said two drones were shot "
        "down over the Kremlin."
    )
    (s,) = [m for m in found if m.event_type == EventType.STATEMENT]
    assert s.place is not None and s.place.name == "Kyiv"


def test_any_talks_are_no_talks_that_took_place(mentions):
    found = mentions("On Monday the envoy said that any talks must include Kyiv.")
    assert not [m for m in found if m.event_type == EventType.DIPLOMACY]
    found = mentions("On Monday the envoy held talks with Ukrainian officials in Kyiv.")
    assert [m for m in found if m.event_type == EventType.DIPLOMACY]


def test_undated_bare_talks_are_talk_of_talks_in_general(mentions):
    found = mentions(
        "Russian troops captured Sudzha on Monday. "
        "Ukraine saw the town as a bargaining chip in peace talks with Russia."
    )
    assert [m for m in found if m.event_type == EventType.TERRITORIAL_CHANGE]
    assert not [m for m in found if m.event_type == EventType.DIPLOMACY]
    found = mentions("It follows weeks of negotiations in Doha.")
    assert [m for m in found if m.event_type == EventType.DIPLOMACY]


def test_an_undated_remark_is_not_dated_by_the_event_the_paragraph_tells(mentions):
    found = mentions(
        "Rubio met Russian officials in Riyadh on 18 February. "
        "“They were open to a settlement,” Rubio said.",
        published=date(2025, 3, 13),
    )
    (s,) = [m for m in found if m.event_type == EventType.STATEMENT]
    assert s.date is not None and s.date.start >= date(2025, 3, 6)


def test_an_event_by_which_something_is_risked_is_not_told_as_happened(mentions):
    found = mentions(
        "On Monday the minister risked losing face by agreeing to a ceasefire in Doha."
    )
    assert not [m for m in found if m.event_type == EventType.AGREEMENT]
    found = mentions("On Monday the minister saved face by agreeing to a ceasefire in Doha.")
    assert [m for m in found if m.event_type == EventType.AGREEMENT]


def test_a_toll_without_an_agent_is_the_toll_of_the_strike_told_before(mentions):
    found = mentions(
        "Ukrainian missiles struck a training ground in Kherson on Tuesday, the army said. "
        "Later reports said that 60 soldiers had been killed on Tuesday.",
        published=date(2024, 2, 22),
    )
    violent = [m for m in found if m.event_type in (EventType.REMOTE_STRIKE, EventType.ARMED_CLASH)]
    assert len(violent) == 2 and {m.event_type for m in violent} == {EventType.REMOTE_STRIKE}
    events, _ = merge(found)
    assert len([e for e in events if e.event_type == EventType.REMOTE_STRIKE]) == 1
    found = mentions(
        "Ukrainian missiles struck a training ground in Kherson on Tuesday, the army said. "
        "Monitors said 70 civilians had been killed in Kyiv since the violence erupted last week."
    )
    toll = [m for m in found if m.trigger == "killed"]
    assert toll and toll[0].event_type == EventType.ARMED_CLASH  # a war's toll, not the strike's


def test_an_undated_event_after_a_dated_one_is_its_sequel_that_day(mentions):
    found = mentions(
        "After the meeting on Tuesday in Jeddah, Ukrainian officials said they had agreed "
        "to a ceasefire.",
        published=date(2025, 3, 13),
    )
    (agreed,) = [m for m in found if m.event_type == EventType.AGREEMENT]
    assert agreed.date.best == date(2025, 3, 11) and agreed.date_source == "after"
    found = mentions(
        "Much of Kyiv has been razed as Russia launched an offensive following the attacks "
        "on 7 October 2023.",
        published=date(2025, 1, 15),
    )
    offensive = [m for m in found if m.trigger == "offensive"]
    assert offensive and offensive[0].date.best.year == 2023


def test_an_infinitive_after_a_decision_and_a_time_phrase_is_the_decision_s(mentions):
    found = mentions(
        "Kyiv reeled from the US decision last week to freeze military aid to Ukraine.",
        published=date(2025, 3, 13),
    )
    (aid,) = [m for m in found if m.event_type == EventType.AID_OR_SANCTION]
    assert aid.date.start <= date(2025, 3, 9) and aid.status == Status.REPORTED
    found = mentions("Russia massed troops near Kharkiv last week to strike the city.")
    assert not [m for m in found if m.event_type == EventType.REMOTE_STRIKE]


def test_an_indefinite_event_noun_is_not_the_same_kind_of_event_told_before(mentions):
    found = mentions(
        "Rubio met Lavrov in Riyadh on 18 February.\n\n"
        "Trump later spoke to reporters during a meeting with the Irish prime minister.",
        published=date(2025, 3, 13),
    )
    later = [m for m in found if m.trigger == "meeting"]
    assert not later or later[0].date.best != date(2025, 2, 18)
    found = mentions(
        "Rubio met Lavrov in Riyadh on 18 February.\n\nThe talks lasted four hours.",
        published=date(2025, 3, 13),
    )
    talks = [m for m in found if m.trigger == "talks"]
    assert talks and talks[0].date.best == date(2025, 2, 18)


def test_a_place_inside_what_talks_are_about_is_not_where_they_are_held(mentions):
    found = mentions("On Monday diplomats held negotiations about the war in Kyiv.")
    talks = [m for m in found if m.event_type == EventType.DIPLOMACY]
    assert talks and all(m.place is None or m.place.name != "Kyiv" for m in talks)
    found = mentions("On Monday diplomats held negotiations in Kyiv about the war.")
    talks = [m for m in found if m.event_type == EventType.DIPLOMACY]
    assert talks and talks[0].place is not None and talks[0].place.name == "Kyiv"


def test_charged_with_a_task_is_no_charge_but_with_an_offence_is(mentions):
    found = mentions(
        "On Monday the president met army commanders in Kyiv charged with driving Russian "
        "troops out of the Kherson region."
    )
    assert not [m for m in found if m.event_type == EventType.LEGAL]
    for text in (
        "On Monday a court in Moscow charged the teacher with spying for Ukraine.",
        "On Monday a court in Moscow charged the teacher with treason.",
    ):
        assert [m for m in mentions(text) if m.event_type == EventType.LEGAL], text


def test_an_infinitive_after_a_verb_and_its_destination_is_a_purpose(mentions):
    found = mentions("On Monday the envoy came to Moscow to finalize a prisoner exchange.")
    assert not [m for m in found if m.sub_event_type == "prisoner exchange"]
    found = mentions("On Monday the two sides completed a prisoner exchange in Minsk.")
    assert [m for m in found if m.sub_event_type == "prisoner exchange"]


def test_the_country_whose_office_someone_holds_is_not_where_they_meet(mentions):
    found = mentions("On Monday the minister met the president of Belarus.")
    meets = [m for m in found if m.event_type == EventType.DIPLOMACY]
    assert meets and all(m.place is None or m.place.country != "Belarus" for m in meets)


def test_the_lemma_of_a_silent_e_verb_keeps_its_e():
    assert lemma_of("hoped", "hop", "VERB") == "hope"
    assert lemma_of("hoping", "hop", "VERB") == "hope"
    assert lemma_of("hopped", "hop", "VERB") == "hop"
    assert lemma_of("opened", "open", "VERB") == "open"
    assert lemma_of("fixed", "fix", "VERB") == "fix"


def test_talks_inside_what_someone_hoped_for_are_not_told_as_held(mentions):
    found = mentions(
        "On Monday Kyiv hoped to use the town as a bargaining chip in talks with Moscow."
    )
    assert not [m for m in found if m.event_type == EventType.DIPLOMACY]


def test_a_process_to_be_started_is_not_told_as_held(mentions):
    found = mentions(
        "On Monday the envoys met in Kyiv to work out how to start a negotiation process."
    )
    talks = [m for m in found if m.trigger == "negotiation"]
    assert not talks


def test_talks_elsewhere_are_not_the_visit_told_before(mentions):
    found = mentions(
        "Putin visited troops in Kursk on Monday.\n\n"
        "The drone attack coincided with the opening of the talks in Minsk.",
        published=date(2025, 3, 13),
    )
    talks = [m for m in found if m.trigger == "talks"]
    assert talks and all(m.date.best != date(2025, 3, 10) for m in talks)


def test_an_analyst_s_comment_is_no_statement_of_a_party(mentions):
    found = mentions(
        "“The Russians may accept,” John Doe, a Russian analyst at a think tank, said on Monday."
    )
    assert not [m for m in found if m.event_type == EventType.STATEMENT]
    found = mentions("“We accept,” the Russian foreign minister, Ivan Petrov, said on Monday.")
    assert [m for m in found if m.event_type == EventType.STATEMENT]


def test_the_sources_of_a_report_are_not_parties_to_the_event(mentions):
    found = mentions(
        "Russian drones hit Kharkiv on Monday. The strike damaged a school, the mayor said, "
        "according to French newswire AFP."
    )
    assert found and all("France" not in m.actors for m in found)
    found = mentions(
        "The rescuers, who work under the Hamas-run government, said an air strike hit "
        "Gaza City on Monday."
    )
    strikes = [m for m in found if m.event_type == EventType.REMOTE_STRIKE]
    assert strikes and all("Hamas" not in m.actors for m in strikes)


def test_an_attack_told_without_its_weapon_is_the_strike_told_next(mentions):
    found = mentions(
        "At least 30 civilians were killed in an attack by Russian forces in Kharkiv on "
        "Friday. Russian forces launched a barrage of drones on Kharkiv on Friday."
    )
    events, _ = merge(found)
    violent = [
        e for e in events if e.event_type in (EventType.REMOTE_STRIKE, EventType.ARMED_CLASH)
    ]
    assert len(violent) == 1 and violent[0].event_type == EventType.REMOTE_STRIKE


def test_a_bare_direction_tells_the_vicinity_a_distance_a_reference_point(mentions):
    (strike,) = [
        m
        for m in mentions("An air strike on Monday flattened a home west of Kharkiv.")
        if m.event_type == EventType.REMOTE_STRIKE
    ]
    assert strike.place is not None and strike.place.name == "Kharkiv"
    assert strike.place.precision == GeoPrecision.NEAR_TOWN
    far = mentions("An air strike on Monday flattened a home 900 km west of Kharkiv.")
    assert all(m.place is None or m.place.name != "Kharkiv" for m in far)


def test_claimed_control_of_sites_in_a_town_is_a_claimed_capture(mentions):
    found = mentions("On Monday M23 claimed control of key military sites in Kyiv.")
    captures = [m for m in found if m.event_type == EventType.TERRITORIAL_CHANGE]
    assert captures and captures[0].status == Status.CLAIMED
    assert captures[0].place is not None and captures[0].place.name == "Kyiv"


def test_a_nationality_on_a_coordinated_weapon_names_the_attacker(mentions):
    found = mentions("Ukrainian drone and missile attacks hit Kursk on Thursday.")
    strikes = [m for m in found if m.event_type == EventType.REMOTE_STRIKE]
    assert strikes and strikes[0].actor1 == "Ukrainian forces"


def test_the_latest_attack_is_the_most_recent_one_told(mentions):
    found = mentions(
        "Ukrainian drones struck Kursk on Thursday, the governor said. "
        "Two attacks on Kursk last week damaged a depot. "
        "The latest attack came as the president spoke to reporters.",
        published=date(2024, 12, 19),
    )
    latest = [m for m in found if m.quote.startswith("The latest")]
    assert latest and latest[0].date.best == date(2024, 12, 19)
    assert latest[0].event_type == EventType.REMOTE_STRIKE


def test_what_is_agreed_discussed_or_welcomed_is_not_told_as_done(mentions):
    found = mentions("On Friday Russia and Ukraine agreed to a prisoner exchange in Minsk.")
    swaps = [m for m in found if m.sub_event_type == "prisoner exchange"]
    assert all(m.status == Status.PLANNED for m in swaps)
    assert [m for m in found if m.event_type == EventType.AGREEMENT]
    found = mentions(
        "On Friday the minister said both sides focused on three topics: a ceasefire, "
        "the prisoner exchange and a summit."
    )
    assert not [m for m in found if m.sub_event_type == "prisoner exchange"]
    found = mentions("On Friday Zelensky said he is open to a face-to-face meeting with Putin.")
    assert not [m for m in found if m.event_type == EventType.DIPLOMACY]


def test_a_day_after_puts_the_earlier_event_the_day_before(mentions):
    found = mentions(
        "The package comes a day after the envoy visited Ukraine.", published=date(2023, 9, 7)
    )
    (visit,) = [m for m in found if m.event_type == EventType.DIPLOMACY]
    assert visit.date.best == date(2023, 9, 6)
    assert visit.place is not None and visit.place.country == "Ukraine"
    found = mentions(
        "Russia and Ukraine signed a deal on Friday, two days after their envoys met in Minsk.",
        published=date(2024, 5, 10),
    )
    earlier = [m for m in found if m.trigger == "met"]
    assert earlier and earlier[0].date.best == date(2024, 5, 8)


def test_a_date_in_a_relative_clause_tells_about_an_argument(mentions):
    found = mentions(
        "Police in Minsk detained the pilot, who was returned to India on Friday.",
        published=date(2019, 3, 2),
    )
    arrests = [m for m in found if m.event_type == EventType.LEGAL]
    assert arrests and arrests[0].date.best != date(2019, 3, 1)


def test_who_did_it_is_the_reported_doer_or_the_speaker_it_stands_for(mentions):
    found = mentions(
        "Houthi-run TV reported that US and British aircraft carried out a round of "
        "airstrikes on Kyiv on Saturday."
    )
    strikes = [m for m in found if m.event_type == EventType.REMOTE_STRIKE]
    assert strikes and strikes[0].actor1 == "United States"
    found = mentions("Russia said it struck Kyiv on Monday.")
    strikes = [m for m in found if m.event_type == EventType.REMOTE_STRIKE]
    assert strikes and strikes[0].actor1 == "Russia"


def test_dozens_of_attacks_since_a_month_are_a_campaign_not_an_event(mentions):
    found = mentions("The group has launched dozens of missile attacks on Kyiv since November.")
    assert not [m for m in found if m.event_type == EventType.REMOTE_STRIKE]


def test_a_reporting_verb_inside_the_quotation_is_the_speaker_s_word(mentions):
    found = mentions(
        "“Contacts between Russia and American officials confirmed that the dialogue goes "
        "on,” Lavrov said on Tuesday."
    )
    statements = [m for m in found if m.event_type == EventType.STATEMENT]
    assert statements and statements[0].trigger == "said"


def test_encouraged_talks_are_urged_not_held(mentions):
    found = mentions("On Monday the ministers in Minsk focused on encouraging peace talks.")
    assert not [m for m in found if m.event_type == EventType.DIPLOMACY]


def test_where_someone_lives_is_not_where_they_are_sentenced(mentions):
    found = mentions("On Friday Russia sentenced a resident of Kharkiv to 16 years in prison.")
    (sentence,) = [m for m in found if m.event_type == EventType.LEGAL]
    assert sentence.place is None or sentence.place.name != "Kharkiv"


def test_coordinated_verbs_share_a_habit_and_a_sentence_s_reason_is_background(mentions):
    found = mentions(
        "Moscow regularly hands heavy sentences to spies and has also imprisoned many "
        "Ukrainians in Kursk."
    )
    assert not [m for m in found if m.event_type == EventType.LEGAL]
    found = mentions(
        "A Moscow court sentenced five soldiers on Wednesday for taking part in the "
        "incursion into Kursk."
    )
    assert [m for m in found if m.event_type == EventType.LEGAL]
    assert not [m for m in found if m.trigger == "incursion"]


def test_years_into_a_war_or_a_war_that_drags_on_is_background(mentions):
    found = mentions(
        "Kyiv launched a raid on Monday, more than two years into Moscow's offensive against "
        "Ukraine."
    )
    assert not [m for m in found if m.trigger == "offensive"]
    found = mentions("On Monday officials said the offensive drags on for almost three years.")
    assert not [m for m in found if m.trigger == "offensive"]


def test_an_event_of_some_age_goes_on(mentions):
    found = mentions(
        "On Monday the minister praised Ukraine's three-month-old counteroffensive in Kherson."
    )
    assert not [m for m in found if m.event_type == EventType.ARMED_CLASH]


def test_a_fire_that_broke_out_takes_the_places_of_its_verb(mentions):
    found = mentions("A fire broke out in the cooling tower of the Kursk nuclear power plant.")
    fires = [m for m in found if m.trigger == "fire"]
    assert fires and fires[0].place is not None
    assert fires[0].place.name == "Kursk Nuclear Power Plant"


def test_a_statement_s_stated_place_comes_before_the_capital_put_for_it(mentions):
    found = mentions(
        "Zelensky on Wednesday denied the claims.\n\n"
        '"We fight on our territory," Zelensky told reporters in Minsk on Wednesday.',
        published=date(2023, 5, 3),
    )
    events, _ = merge(found)
    statements = [e for e in events if e.event_type == EventType.STATEMENT]
    assert len(statements) == 1 and statements[0].place.name == "Minsk"


def test_such_attacks_are_a_kind_of_event_not_one_of_them(mentions):
    found = mentions(
        "Three refineries cut operations this month due to such attacks, including one in Kursk."
    )
    assert not [
        m for m in found if m.event_type in (EventType.ARMED_CLASH, EventType.REMOTE_STRIKE)
    ]


def test_a_claimant_that_is_no_party_is_not_the_doer(mentions):
    found = mentions("A state news agency confirmed that Israeli forces struck Kyiv on Friday.")
    strikes = [m for m in found if m.event_type == EventType.REMOTE_STRIKE]
    assert strikes and strikes[0].status == Status.CLAIMED
    assert strikes[0].attributed_to != "Israeli forces"


def test_two_towns_seized_are_two_captures_but_not_another_verb_s_town(mentions):
    found = mentions("On Monday the rebels seized Kharkiv and Donetsk.")
    captures = [m for m in found if m.event_type == EventType.TERRITORIAL_CHANGE]
    assert sorted(m.place.name for m in captures) == ["Donetsk", "Kharkiv"]
    found = mentions("On Monday the rebels seized Kharkiv, days after capturing Donetsk.")
    monday = [m for m in found if m.trigger == "seized"]
    assert [m.place.name for m in monday] == ["Kharkiv"]


def test_a_wire_dateline_is_the_day_of_filing_not_of_the_event(mentions):
    assert dateline_end("BEIRUT, June 12 (Reuters) - An Israeli strike") == 28
    assert dateline_end("MOSCOW (AP) — A court") == 14
    assert dateline_end("US forces - said") == 0
    found = mentions(
        "Israeli strike on Kyiv kills four\n\n"
        "KYIV, June 12 (Reuters) - An Israeli strike on Kyiv late Tuesday killed four people.",
        published=date(2024, 6, 12),
    )
    events, _ = merge(found)
    strikes = [e for e in events if e.event_type == EventType.REMOTE_STRIKE]
    assert len(strikes) == 1 and strikes[0].date.best == date(2024, 6, 11)
