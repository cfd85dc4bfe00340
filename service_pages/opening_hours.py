"""Opening hours of offices: the rules a week's hours must follow, and how
they read on the page. Pure functions, no database."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import time

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Weekday(models.IntegerChoices):
    """Days of the week, Monday first (as ``date.weekday()`` numbers them)."""

    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


@dataclass(frozen=True, kw_only=True)
class Period:
    """Hours on one day: open from ``opens`` to ``closes``, with an optional
    break."""

    opens: time | None
    closes: time | None
    break_starts: time | None = None
    break_ends: time | None = None

    def intervals(self) -> list[tuple[time, time]]:
        """The stretches of time the office is actually open."""
        if self.opens is None or self.closes is None:
            return []
        if self.break_starts is None or self.break_ends is None:
            return [(self.opens, self.closes)]
        return [(self.opens, self.break_starts), (self.break_ends, self.closes)]


def period_problems(period: Period) -> dict[str, Promise]:
    """What is wrong with one day's hours, keyed by the field to correct."""
    problems: dict[str, Promise] = {}
    if period.opens is None or period.closes is None:
        if period.opens is None:
            problems["opens"] = _("Enter the opening time.")
        if period.closes is None:
            problems["closes"] = _("Enter the closing time.")
        return problems
    if period.closes <= period.opens:
        problems["closes"] = _("The closing time must be after the opening time.")
        return problems
    if (period.break_starts is None) != (period.break_ends is None):
        field = "break_ends" if period.break_ends is None else "break_starts"
        problems[field] = _(
            "Enter both the start and the end of the break, or neither."
        )
    elif period.break_starts is not None and period.break_ends is not None:
        if period.break_ends <= period.break_starts:
            problems["break_ends"] = _("The break must end after it starts.")
        elif period.break_starts <= period.opens or period.break_ends >= period.closes:
            problems["break_starts"] = _(
                "The break must fall between the opening and the closing time."
            )
    return problems


def overlapping(days: Sequence[tuple[object, Period]]) -> list[int]:
    """Indexes of the entries whose hours overlap an earlier entry for the
    same day (a weekday or a date)."""
    clashes = []
    for index, (day, period) in enumerate(days):
        for other_day, other in days[:index]:
            if other_day == day and _intervals_overlap(period, other):
                clashes.append(index)
                break
    return clashes


def repeated(days: Sequence[object]) -> list[int]:
    """Indexes of the entries whose day was already given earlier."""
    seen: set[object] = set()
    repeats = []
    for index, day in enumerate(days):
        if day in seen:
            repeats.append(index)
        seen.add(day)
    return repeats


def _intervals_overlap(first: Period, second: Period) -> bool:
    return any(
        start < other_end and other_start < end
        for start, end in first.intervals()
        for other_start, other_end in second.intervals()
    )


@dataclass(frozen=True)
class DaySchedule:
    """One line of the weekly timetable shown to citizens."""

    weekday: int
    name: str
    periods: list[Period]

    @property
    def is_closed(self) -> bool:
        return not self.periods


def week_schedule(entries: Iterable[tuple[int, Period]]) -> list[DaySchedule]:
    """The week from Monday to Sunday, each day with its hours in order; a
    day without hours is closed."""
    by_day: dict[int, list[Period]] = {day: [] for day in Weekday.values}
    for weekday, period in entries:
        by_day[weekday].append(period)
    return [
        DaySchedule(
            weekday=day,
            name=str(Weekday(day).label),
            periods=sorted(by_day[day], key=lambda period: period.opens or time.min),
        )
        for day in Weekday.values
    ]


def week_summary(week: Sequence[DaySchedule]) -> list[tuple[str, str]]:
    """The open days of a week in short: runs of consecutive days with the
    same hours, as ("Monday–Friday", "08:00–12:00, 13:00–17:00") pairs."""
    runs: list[list[DaySchedule]] = []
    for day in week:
        if day.is_closed:
            continue
        if (
            runs
            and runs[-1][-1].weekday == day.weekday - 1
            and runs[-1][-1].periods == day.periods
        ):
            runs[-1].append(day)
        else:
            runs.append([day])
    lines = []
    for run in runs:
        days = run[0].name if len(run) == 1 else f"{run[0].name}–{run[-1].name}"
        hours = ", ".join(
            f"{start:%H:%M}–{end:%H:%M}"
            for period in run[0].periods
            for start, end in period.intervals()
        )
        lines.append((days, hours))
    return lines
