"""Measuring time and hours: durations as a union of periods, and the RS/C time window.

Months are 365.25/12 days (shared/dossier/README.md). A measured number is rounded to one
decimal (months) or two (hours) before it is compared, so what an applicant reads is what is
judged: "24.0 of 24 months" is met.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

MONTH_DAYS = 365.25 / 12


def months(days: int) -> float:
    return round(days / MONTH_DAYS, 1)


def hours(value: float) -> float:
    return round(value, 2)


def _max_days_within(limit: float) -> int:
    """The largest whole number of days that still reads as at most ``limit`` months."""
    days = int(limit * MONTH_DAYS) + 2
    while months(days) > limit:
        days -= 1
    return days


def _min_days_reaching(limit: float) -> int:
    """The smallest whole number of days that reads as at least ``limit`` months."""
    days = max(0, int(limit * MONTH_DAYS) - 2)
    while months(days) < limit:
        days += 1
    return days


def span_bounds(low_months: float, high_months: float) -> tuple[int, int]:
    """Day counts (inclusive) for "first to last at least ``low`` and at most ``high`` months"."""
    return _min_days_reaching(low_months), _max_days_within(high_months)


def days_for_months(value: float) -> int:
    """The fewest days that read as ``value`` months (used to cap internship credit)."""
    return _min_days_reaching(value)


def union_days(intervals: Iterable[tuple[int, int]]) -> int:
    """Total length of the union of half-open day intervals ``[start, end)`` (ordinals).

    Sorting makes it O(n log n); overlapping and touching periods count once.
    """
    total = 0
    current_start = 0
    current_end: int | None = None
    for start, end in sorted(intervals):
        if end <= start:
            continue
        if current_end is None or start > current_end:
            if current_end is not None:
                total += current_end - current_start
            current_start, current_end = start, end
        elif end > current_end:
            current_end = end
    if current_end is not None:
        total += current_end - current_start
    return total


class Window:
    """The best run of sessions for "within a one- to two-year timeframe"."""

    __slots__ = ("best_any", "best_valid", "first", "last", "widest_span")

    def __init__(self) -> None:
        self.best_valid = 0.0  # most hours in a run spanning min..max days
        self.best_any = 0.0  # most hours in a run spanning at most max days (span may be short)
        self.first: int | None = None  # ordinals of the best valid run
        self.last: int | None = None
        self.widest_span = 0  # longest first-to-last span seen among runs within max days


def best_window(sessions: Sequence[tuple[int, float]], min_days: int, max_days: int) -> Window:
    """Sessions are (ordinal day, hours) sorted by day. Two pointers: O(n) after the sort.

    For each last session j, the run starting at the earliest session i with
    day[j] - day[i] <= max_days holds the most hours of any run ending at j (hours are
    positive); it is valid when its span is at least min_days, and no shorter run ending at j
    can be valid if this one is not.
    """
    window = Window()
    i = 0
    running = 0.0
    for day, value in sessions:
        running += value
        while day - sessions[i][0] > max_days:
            running -= sessions[i][1]
            i += 1
        span = day - sessions[i][0]
        if span > window.widest_span:
            window.widest_span = span
        if running > window.best_any:
            window.best_any = running
        if span >= min_days and running > window.best_valid:
            window.best_valid = running
            window.first, window.last = sessions[i][0], day
    # Subtracting floats along the way can leave 23.999999; the figures are rounded by callers.
    return window
