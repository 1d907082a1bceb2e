"""Helpers for benchmarks: a throw-away database and simple timing statistics."""

import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.test.utils import setup_databases, teardown_databases


@contextmanager
def database() -> Iterator[None]:
    """Create the test database (migrated, empty) for the duration of the block."""
    old = setup_databases(verbosity=0, interactive=False, keepdb=False)
    try:
        yield
    finally:
        teardown_databases(old, verbosity=0)


def timings(fn: Callable[[], object], *, runs: int) -> list[float]:
    """Seconds per call of ``fn`` over ``runs`` calls (after one warm-up call)."""
    fn()
    out = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        out.append(time.perf_counter() - started)
    return out


def summary(seconds: list[float]) -> str:
    ordered = sorted(seconds)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    return (
        f"median {statistics.median(ordered) * 1000:.1f} ms, "
        f"p95 {p95 * 1000:.1f} ms, n={len(ordered)}"
    )
