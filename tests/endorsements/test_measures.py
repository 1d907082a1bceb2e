import datetime as dt

import pytest

from endorsements.rules.measures import best_window, months, span_bounds, union_days


def _day(text: str) -> int:
    return dt.date.fromisoformat(text).toordinal()


def test_union_days_counts_overlaps_once():
    periods = [(0, 10), (5, 15), (20, 30), (30, 31)]

    assert union_days(periods) == 26


def test_union_days_ignores_empty_periods_and_order():
    assert union_days([(20, 30), (3, 3), (0, 10)]) == 20


def test_months_are_365_25_over_12_days():
    assert months(365) == 12.0
    assert months(730) == 24.0
    assert months(30) == 1.0


def test_span_bounds_read_as_whole_months():
    low, high = span_bounds(12, 24)

    assert months(low) == 12.0 and months(low - 1) < 12
    assert months(high) == 24.0 and months(high + 1) > 24


def test_best_window_takes_the_best_run_within_24_months():
    low, high = span_bounds(12, 24)
    sessions = [(_day(f"{2020 + i // 12}-{i % 12 + 1:02d}-01"), 1.0) for i in range(48)]
    sessions[40] = (sessions[40][0], 10.0)

    window = best_window(sessions, low, high)

    assert window.best_valid == 34.0  # 24 one-hour sessions plus the 10-hour one, less one
    assert dt.date.fromordinal(window.last) >= dt.date(2023, 5, 1)


def test_best_window_needs_a_12_month_span():
    low, high = span_bounds(12, 24)
    sessions = [(_day("2022-01-01"), 30.0), (_day("2022-12-01"), 30.0)]

    window = best_window(sessions, low, high)

    assert window.best_valid == 0
    assert months(window.widest_span) == 11.0


@pytest.mark.parametrize(("last", "valid"), [("2022-12-30", False), ("2022-12-31", True),
                                             ("2024-01-01", True), ("2024-01-03", True),
                                             ("2024-01-04", False)])  # fmt: skip
def test_best_window_span_boundaries(last, valid):
    """Spans are judged as the rounded months an applicant reads: 364 days is "12.0 months",
    732 days "24.0 months", 733 days "24.1 months"."""
    low, high = span_bounds(12, 24)

    window = best_window([(_day("2022-01-01"), 5.0), (_day(last), 5.0)], low, high)

    assert (window.best_valid == 10.0) is valid
