from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etl.dates import (
    Tense,
    clause_tense,
    find_expressions,
    find_full_date,
    resolve,
    resolve_text,
    words_tense,
)
from etl.schema import TimePrecision

PUB = date(2025, 3, 12)  # a Wednesday


def only(text: str, anchor: date | datetime = PUB, **kwargs):
    found = resolve_text(text, anchor, **kwargs)
    assert len(found) == 1, found
    return found[0]


# (sentence written for the test, expression, best, start, end, precision)
PHRASES = [
    ("Shells fell on Tuesday.", "on Tuesday", "2025-03-11", "2025-03-11", "2025-03-11", 1),
    ("A drone hit the depot Wednesday.", "Wednesday", "2025-03-12", "2025-03-12", "2025-03-12", 1),
    (
        "Sirens sounded late Wednesday.",
        "late Wednesday",
        "2025-03-12",
        "2025-03-12",
        "2025-03-12",
        1,
    ),
    (
        "Troops withdrew late on Tuesday evening.",
        "late on Tuesday evening",
        "2025-03-11",
        "2025-03-11",
        "2025-03-11",
        1,
    ),
    (
        "Rebels shelled it last Saturday.",
        "last Saturday",
        "2025-03-08",
        "2025-03-08",
        "2025-03-08",
        1,
    ),
    ("Drones attacked overnight.", "overnight", "2025-03-12", "2025-03-11", "2025-03-12", 1),
    ("The bridge was hit yesterday.", "yesterday", "2025-03-11", "2025-03-11", "2025-03-11", 1),
    ("The mayor spoke today.", "today", "2025-03-12", "2025-03-12", "2025-03-12", 1),
    ("Strikes intensified this week.", "this week", "2025-03-11", "2025-03-10", "2025-03-12", 2),
    ("The envoy visited last week.", "last week", "2025-03-05", "2025-03-03", "2025-03-09", 2),
    ("The envoy will visit next week.", "next week", "2025-03-19", "2025-03-17", "2025-03-23", 2),
    ("The town fell last month.", "last month", "2025-02-14", "2025-02-01", "2025-02-28", 3),
    (
        "The town fell late last month.",
        "late last month",
        "2025-02-24",
        "2025-02-20",
        "2025-02-28",
        2,
    ),
    (
        "He refused earlier this year.",
        "earlier this year",
        "2025-02-04",
        "2025-01-01",
        "2025-03-11",
        4,
    ),
    ("The dam was hit last August.", "last August", "2024-08-16", "2024-08-01", "2024-08-31", 3),
    (
        "The offensive stalled last summer.",
        "last summer",
        "2024-07-16",
        "2024-06-01",
        "2024-08-31",
        3,
    ),
    ("Talks began Feb. 12.", "Feb. 12", "2025-02-12", "2025-02-12", "2025-02-12", 1),
    ("He took office Jan. 20.", "Jan. 20", "2025-01-20", "2025-01-20", "2025-01-20", 1),
    ("The port was mined in December.", "in December", "2024-12-16", "2024-12-01", "2024-12-31", 3),
    ("It began in February 2022.", "February 2022", "2022-02-14", "2022-02-01", "2022-02-28", 3),
    ("It was annexed in 2014.", "2014", "2014-07-02", "2014-01-01", "2014-12-31", 4),
    (
        "Shelling killed two people two days ago.",
        "two days ago",
        "2025-03-10",
        "2025-03-10",
        "2025-03-10",
        1,
    ),
    # forms of the dates issue
    (
        "The pandemic of 2009-2010 was severe.",
        "2009-2010",
        "2009-12-31",
        "2009-01-01",
        "2010-12-31",
        4,
    ),
    ("The treaty dates from mid-1996.", "mid-1996", "1996-07-01", "1996-05-02", "1996-08-31", 4),
    (
        "The siege started in early December.",
        "early December",
        "2024-12-05",
        "2024-12-01",
        "2024-12-10",
        2,
    ),
    ("Fighting resumed in late March.", "late March", "2024-03-26", "2024-03-22", "2024-03-31", 2),
    ("A truce held a year earlier.", "a year earlier", "2024-03-12", "2023-09-12", "2024-09-10", 4),
    ("The talks failed a year later.", "a year later", "2026-03-12", "2025-09-11", "2026-09-10", 4),
    (
        "The militia formed a decade ago.",
        "a decade ago",
        "2015-03-12",
        "2010-03-12",
        "2020-03-11",
        4,
    ),
    (
        "The camp was raided three years ago.",
        "three years ago",
        "2022-03-12",
        "2021-09-11",
        "2022-09-10",
        4,
    ),
    (
        "A convoy had passed the day before.",
        "the day before",
        "2025-03-11",
        "2025-03-11",
        "2025-03-11",
        1,
    ),
    (
        "A second convoy left the day after.",
        "the day after",
        "2025-03-13",
        "2025-03-13",
        "2025-03-13",
        1,
    ),
    (
        "The base was shelled in June last year.",
        "June last year",
        "2024-06-15",
        "2024-06-01",
        "2024-06-30",
        3,
    ),
    (
        "The base was shelled in June of last year.",
        "June of last year",
        "2024-06-15",
        "2024-06-01",
        "2024-06-30",
        3,
    ),
    (
        "A rocket landed last Friday night.",
        "last Friday night",
        "2025-03-07",
        "2025-03-07",
        "2025-03-07",
        1,
    ),
    (
        "A rocket landed Friday last week.",
        "Friday last week",
        "2025-03-07",
        "2025-03-07",
        "2025-03-07",
        1,
    ),
    (
        "Talks opened Tuesday, March 11.",
        "Tuesday, March 11",
        "2025-03-11",
        "2025-03-11",
        "2025-03-11",
        1,
    ),
    (
        "Exports fell in the third quarter.",
        "the third quarter",
        "2024-08-15",
        "2024-07-01",
        "2024-09-30",
        4,
    ),
    (
        "Aid doubled in the first half of 2024.",
        "the first half of 2024",
        "2024-03-31",
        "2024-01-01",
        "2024-06-30",
        4,
    ),
    ("Output rose in Q3 2023.", "Q3 2023", "2023-08-15", "2023-07-01", "2023-09-30", 4),
    (
        "The border was drawn in the 1990s.",
        "the 1990s",
        "1994-12-31",
        "1990-01-01",
        "1999-12-31",
        4,
    ),
    (
        "It was a colony in the 20th century.",
        "the 20th century",
        "1949-12-31",
        "1900-01-01",
        "1999-12-31",
        4,
    ),
    ("The vote was held in march 2024.", "march 2024", "2024-03-16", "2024-03-01", "2024-03-31", 3),
    ("The camp opened in january.", "in january", "2025-01-16", "2025-01-01", "2025-01-31", 3),
    (
        "The ceasefire is due to expire on Saturday.",
        "on Saturday",
        "2025-03-15",
        "2025-03-15",
        "2025-03-15",
        1,
    ),
    (
        "The match was postponed until Saturday.",
        "until Saturday",
        "2025-03-15",
        "2025-03-15",
        "2025-03-15",
        1,
    ),
    (
        "They meet this coming Sunday.",
        "this coming Sunday",
        "2025-03-16",
        "2025-03-16",
        "2025-03-16",
        1,
    ),
    ("The deadline is March 20.", "March 20", "2025-03-20", "2025-03-20", "2025-03-20", 1),
    ("Elections are in two weeks.", "in two weeks", "2025-03-26", "2025-03-23", "2025-03-29", 2),
]


@pytest.mark.parametrize(("sentence", "text", "best", "start", "end", "precision"), PHRASES)
def test_expressions_in_sentences_resolve_against_the_anchor(
    sentence, text, best, start, end, precision
):
    r = only(sentence)
    assert r.text.endswith(text.split()[-1]) and text.split()[-1] in r.text
    got = (r.date.isoformat(), r.date_start.isoformat(), r.date_end.isoformat())
    assert got == (best, start, end)
    assert r.precision == precision and r.range.precision == TimePrecision(precision)
    assert r.reason == ""
    assert sentence[r.start : r.end] == r.text


def test_a_plain_string_resolves_and_a_datetime_anchor_gives_dates():
    assert resolve("yesterday", datetime(2025, 3, 12, 23, 30)).best == date(2025, 3, 11)
    r = only("The talks ended Tuesday.", datetime(2025, 3, 12, 8, 0))
    assert type(r.date) is date and type(r.date_start) is date and type(r.date_end) is date


def test_future_month_day_resolves_forward_unless_the_clause_is_past():
    jan7 = date(2025, 1, 7)
    assert only("The deadline is Jan. 14.", jan7).date == date(2025, 1, 14)
    assert only("The envoy will arrive on Jan. 14.", jan7).date == date(2025, 1, 14)
    assert only("The envoy arrived on Jan. 14.", jan7).date == date(2024, 1, 14)
    assert only("The envoy arrived on Dec. 30.", jan7).date == date(2024, 12, 30)


def test_weekdays_and_months_follow_the_tense_argument():
    assert only("on Thursday", tense="future").date == date(2025, 3, 13)
    assert only("on Thursday", tense=Tense.PAST).date == date(2025, 3, 6)
    assert only("in April", tense="future").date_start == date(2025, 4, 1)
    assert only("in April", tense="past").date_start == date(2024, 4, 1)


def test_the_future_cue_of_one_clause_does_not_leak_into_another():
    text = "They said they would answer the proposal, delivered Wednesday."
    assert only(text, date(2025, 3, 14)).date == date(2025, 3, 12)
    assert words_tense(text, text.index("Wednesday"), len(text) - 1) == Tense.PAST


def test_clause_tense_comes_from_the_parse():
    from etl.nlp import doc_sentences, load_analyzer

    nlp = load_analyzer().nlp
    text = "Officials said the envoy will fly to the capital on Friday, and troops left on Monday."
    sent = doc_sentences(nlp(text))[0]
    friday, monday = text.index("Friday"), text.index("Monday")
    assert clause_tense(sent, friday, friday + 6) == Tense.FUTURE
    assert clause_tense(sent, monday, monday + 6) == Tense.PAST
    dates = {r.text: r.date for r in resolve_text(text, PUB, parse=sent)}
    assert dates == {"on Friday": date(2025, 3, 14), "on Monday": date(2025, 3, 10)}
    doc_dates = {r.text: r.date for r in resolve_text(nlp(text), PUB)}
    assert doc_dates == dates


def test_counted_expressions_count_from_the_previous_date_of_the_text():
    found = resolve_text("The town fell in May 2022 and was retaken a year later.", PUB)
    assert [r.date.year for r in found] == [2022, 2023]
    found = resolve_text("Talks opened on Monday; the following day they broke down.", PUB)
    assert [r.date for r in found] == [date(2025, 3, 10), date(2025, 3, 11)]


def test_expressions_without_a_date_say_why():
    reasons = {
        r.text: r.reason
        for r in resolve_text("Two days after the attack, at 8 p.m., at the time", PUB)
    }
    assert reasons["Two days after"] == "counted from an event, not from a date"
    assert reasons["8 p.m."] == "a time of day without a date"
    assert reasons["at the time"] == "refers to a date told elsewhere in the text"
    assert only("on Tuesday", None).reason.startswith("needs the document date")
    assert only("on Feb. 30", PUB).reason.startswith("not a calendar date")


def test_a_time_of_day_joins_the_day_it_qualifies():
    assert only("The match was moved to 15:00 GMT Saturday.", tense="future").date == date(
        2025, 3, 15
    )
    assert only("Shells hit Monday at 8 p.m.").date == date(2025, 3, 10)


def test_words_that_look_like_dates_are_not():
    assert find_expressions("it may be that troops march on") == []
    assert find_expressions("a 30-day cease-fire and a 90-minute interview") == []
    assert find_expressions("about 2000 troops and 1999 people") == []
    assert find_expressions("the fall of the city") == []
    assert [e.text for e in find_expressions("the first talks in two weeks ended")] == []


def test_as_recently_as_is_not_a_recent_date():
    kinds = [e.kind for e in find_expressions("As recently as January, he said no")]
    assert kinds == ["month"]


def test_the_past_tense_moves_a_later_part_of_this_year_back():
    assert only("The epidemic peaked by the end of the year.", date(2013, 3, 22)).date.year == 2012
    assert (
        only("The epidemic will peak by the end of the year.", date(2013, 3, 22)).date.year == 2013
    )


def test_full_dates_date_an_undated_document():
    assert find_full_date("Published March 12, 2025, 4:03 PM") == date(2025, 3, 12)
    assert find_full_date("Updated 3 march 2025") == date(2025, 3, 3)
    assert find_full_date("no date at all") is None


PIECES = [*"0123456789 ,.-:'", "May ", "March ", "Friday ", "last ", "next ", "year", "ago "]


@settings(max_examples=300)
@given(
    st.lists(st.sampled_from(PIECES), max_size=25).map("".join),
    st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)),
)
def test_any_text_gives_spans_of_the_text_and_a_date_or_a_reason(text, anchor):
    for r in resolve_text(text, anchor):
        assert text[r.start : r.end] == r.text
        assert (r.range is None) == bool(r.reason)
        if r.range is not None:
            assert r.date_start <= r.date <= r.date_end
