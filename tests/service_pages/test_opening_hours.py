"""The rules of opening hours, without the database."""

from datetime import time

from service_pages.opening_hours import (
    Period,
    overlapping,
    period_problems,
    repeated,
    week_schedule,
)


def period(opens, closes, break_starts=None, break_ends=None) -> Period:
    return Period(
        opens=time(*opens) if opens else None,
        closes=time(*closes) if closes else None,
        break_starts=time(*break_starts) if break_starts else None,
        break_ends=time(*break_ends) if break_ends else None,
    )


def test_a_working_day_with_a_lunch_break_is_accepted():
    assert period_problems(period((8,), (17,), (12,), (13,))) == {}


def test_closing_before_opening_is_refused_on_the_closing_time():
    assert set(period_problems(period((17,), (8,)))) == {"closes"}
    assert set(period_problems(period((9,), (9,)))) == {"closes"}


def test_missing_times_are_named():
    assert set(period_problems(period(None, None))) == {"opens", "closes"}


def test_a_break_needs_both_ends_inside_the_day():
    assert set(period_problems(period((8,), (17,), (12,)))) == {"break_ends"}
    assert set(period_problems(period((8,), (17,), (13,), (12,)))) == {"break_ends"}
    assert set(period_problems(period((8,), (17,), (7,), (9,)))) == {"break_starts"}
    assert set(period_problems(period((8,), (17,), (16,), (18,)))) == {"break_starts"}


def test_hours_of_the_same_day_must_not_overlap():
    days = [
        (0, period((8,), (12,))),
        (0, period((13,), (17,))),
        (1, period((8,), (17,))),
        (0, period((11,), (14,))),
    ]
    assert overlapping(days) == [3]


def test_hours_around_a_break_do_not_overlap_the_break():
    days = [(0, period((8,), (17,), (12,), (14,))), (0, period((12, 30), (13, 30)))]
    assert overlapping(days) == []


def test_a_date_listed_twice_is_found():
    assert repeated(["2027-01-01", "2027-03-21", "2027-01-01"]) == [2]


def test_the_week_runs_monday_to_sunday_and_empty_days_are_closed():
    week = week_schedule([(4, period((8,), (13,))), (0, period((8,), (17,)))])
    assert [day.weekday for day in week] == [0, 1, 2, 3, 4, 5, 6]
    assert [day.is_closed for day in week] == [
        False,
        True,
        True,
        True,
        False,
        True,
        True,
    ]
