"""Recurring activities: rules, their dates across summer time, and the Dutch description."""

from datetime import datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from buurtwerk.community.engine.recurrence import (
    TIMEZONE,
    RecurrenceError,
    monthly_rule,
    normalise_rule,
    occurrences_between,
    slot_of,
    weekly_rule,
)
from buurtwerk.community.wording import describe, recurrence_error

FIRST_TUESDAY = datetime(2026, 3, 3, 10, 0, tzinfo=TIMEZONE)


def test_every_other_tuesday_morning_skips_a_week_each_time() -> None:
    dates = occurrences_between(
        weekly_rule(1, 2), FIRST_TUESDAY, FIRST_TUESDAY, FIRST_TUESDAY + timedelta(days=60)
    )
    assert [d.date().isoformat() for d in dates] == [
        "2026-03-03", "2026-03-17", "2026-03-31", "2026-04-14", "2026-04-28",
    ]  # fmt: skip
    assert {(d.weekday(), d.hour) for d in dates} == {(1, 10)}


def test_wall_clock_time_stays_the_same_across_the_change_to_summer_time() -> None:
    dates = occurrences_between(
        weekly_rule(1, 2), FIRST_TUESDAY, FIRST_TUESDAY, FIRST_TUESDAY + timedelta(days=60)
    )
    offsets = {d.utcoffset() for d in dates}
    assert offsets == {timedelta(hours=1), timedelta(hours=2)}
    assert all(d.hour == 10 for d in dates)


def test_first_wednesday_of_the_month() -> None:
    start = datetime(2026, 1, 7, 14, 0, tzinfo=TIMEZONE)
    dates = occurrences_between(monthly_rule(2, 1), start, start, start + timedelta(days=120))
    assert [d.day for d in dates] == [7, 4, 4, 1, 6]
    assert all(d.weekday() == 2 and d.day <= 7 for d in dates)


def test_until_ends_the_series_early_and_an_empty_window_gives_nothing() -> None:
    until = FIRST_TUESDAY + timedelta(days=20)
    dates = occurrences_between(
        weekly_rule(1),
        FIRST_TUESDAY,
        FIRST_TUESDAY,
        FIRST_TUESDAY + timedelta(days=90),
        until=until,
    )
    assert len(dates) == 3
    assert occurrences_between(weekly_rule(1), FIRST_TUESDAY, until, FIRST_TUESDAY) == []


def test_window_in_the_middle_of_the_series_starts_at_the_right_date() -> None:
    window_start = FIRST_TUESDAY + timedelta(days=13)
    dates = occurrences_between(
        weekly_rule(1, 2), FIRST_TUESDAY, window_start, window_start + timedelta(days=14)
    )
    assert [d.day for d in dates] == [17]


@pytest.mark.parametrize(
    ("rule", "text"),
    [
        (weekly_rule(1, 2), "om de week op dinsdag"),
        (weekly_rule(3), "elke week op donderdag"),
        (monthly_rule(2, 1), "elke eerste woensdag van de maand"),
        (monthly_rule(4, -1), "elke laatste vrijdag van de maand"),
        ("FREQ=WEEKLY;INTERVAL=3;BYDAY=MO,WE", "om de 3 weken op maandag en woensdag"),
        ("FREQ=DAILY", "elke dag"),
    ],
)
def test_rules_are_described_in_plain_dutch(rule: str, text: str) -> None:
    assert describe(rule) == text


@pytest.mark.parametrize(
    "rule",
    [
        "",
        "FREQ=HOURLY",
        "FREQ=WEEKLY;UNTIL=20270101T000000Z",
        "FREQ=WEEKLY;INTERVAL=0",
        "FREQ=WEEKLY;BYDAY=XX",
        "BYDAY=TU",
        "FREQ=WEEKLY;FREQ=DAILY",
        "FREQ=MONTHLY;COUNT=9999",
        "nonsense",
    ],
)
def test_rules_the_platform_does_not_accept_are_refused_in_dutch(rule: str) -> None:
    with pytest.raises(RecurrenceError) as error:
        normalise_rule(rule)
    message = recurrence_error(error.value)
    assert message and message != error.value.code and message[0].isupper()


def test_rules_are_described_in_english_for_an_english_user() -> None:
    from django.utils import translation

    with translation.override("en"):
        assert describe(weekly_rule(1, 2)) == "every other week on Tuesday"
        assert describe(monthly_rule(2, 1)) == "every first Wednesday of the month"
        assert describe("FREQ=WEEKLY;INTERVAL=3;BYDAY=MO,WE") == (
            "every 3 weeks on Monday and Wednesday"
        )


def test_a_rule_is_normalised_to_one_canonical_form() -> None:
    assert normalise_rule("rrule:byday=tu;freq=weekly;interval=2") == (
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"
    )


@given(st.text(max_size=60))
def test_any_text_either_normalises_to_a_rule_that_expands_or_is_refused(text: str) -> None:
    try:
        rule = normalise_rule(text)
    except RecurrenceError:
        return
    dates = occurrences_between(rule, FIRST_TUESDAY, FIRST_TUESDAY, FIRST_TUESDAY + timedelta(400))
    assert all(d.tzinfo is TIMEZONE for d in dates)
    assert normalise_rule(rule) == rule


@given(st.integers(0, 6), st.integers(1, 8))
def test_weekly_rules_land_on_their_weekday(weekday: int, interval: int) -> None:
    dates = occurrences_between(
        weekly_rule(weekday, interval), FIRST_TUESDAY, FIRST_TUESDAY, FIRST_TUESDAY + timedelta(120)
    )
    assert dates and {d.weekday() for d in dates} == {weekday}
    gaps = {(b.date() - a.date()).days for a, b in zip(dates, dates[1:], strict=False)}
    assert gaps <= {7 * interval}


def test_slot_of_follows_the_engine_day_parts_in_local_time() -> None:
    assert slot_of(FIRST_TUESDAY) == "tue-morning"
    assert slot_of(datetime(2026, 3, 4, 14, 0, tzinfo=TIMEZONE)) == "wed-afternoon"
    assert slot_of(datetime(2026, 3, 5, 16, 59, tzinfo=TIMEZONE)) == "thu-afternoon"
    assert slot_of(datetime(2026, 3, 5, 17, 30, tzinfo=TIMEZONE)) == "thu-evening"
    assert slot_of(datetime(2026, 3, 5, 18, 0, tzinfo=TIMEZONE)) == "thu-evening"
