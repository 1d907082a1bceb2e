"""A small HTTP load driver: keep-alive connections, one per client thread, bounded in time.

Client and server share the machine, so figures are compared as ratios between pages measured
alternately in the same run (A B A B), never as absolute times.
"""

from __future__ import annotations

import http.client
import statistics
import threading
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class Target:
    """One page: its path and the session cookie of the person asking (None: anonymous)."""

    name: str
    path: str
    cookie: str | None = None


def _connection(port: int) -> http.client.HTTPConnection:
    return http.client.HTTPConnection("127.0.0.1", port, timeout=60)


def _get(conn: http.client.HTTPConnection, target: Target) -> int:
    headers = {"Host": "127.0.0.1"}
    if target.cookie:
        headers["Cookie"] = target.cookie
    conn.request("GET", target.path, headers=headers)
    response = conn.getresponse()
    response.read()
    return response.status


def check(port: int, target: Target) -> None:
    """One request; a page that does not answer 200 would measure an error page."""
    conn = _connection(port)
    try:
        status = _get(conn, target)
    finally:
        conn.close()
    if status != 200:
        raise RuntimeError(f"{target.name}: {target.path} answered {status}, not 200")


def latency(port: int, target: Target, *, requests: int) -> float:
    """Median seconds of one client's sequential requests (after two warm-up requests)."""
    conn = _connection(port)
    try:
        for _ in range(2):
            _get(conn, target)
        times = []
        for _ in range(requests):
            started = time.perf_counter()
            _get(conn, target)
            times.append(time.perf_counter() - started)
    finally:
        conn.close()
    return statistics.median(times)


def throughput(port: int, target: Target, *, clients: int, seconds: float) -> float:
    """Requests per second completed by ``clients`` threads hammering ``target`` for ``seconds``."""
    done = [0] * clients
    errors: list[str] = []
    stop_at = time.perf_counter() + seconds

    def worker(i: int) -> None:
        conn = _connection(port)
        try:
            while time.perf_counter() < stop_at:
                status = _get(conn, target)
                if status != 200:
                    errors.append(f"{target.path}: {status}")
                    return
                done[i] += 1
        except (OSError, http.client.HTTPException) as exc:
            errors.append(f"{target.path}: {exc!r}")
        finally:
            conn.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    if errors:
        raise RuntimeError(f"{target.name}: {errors[0]}")
    return sum(done) / elapsed


def ratio_to_plain(
    port: int, page: Target, plain: Target, *, clients: int, seconds: float, rounds: int
) -> tuple[float, float, float]:
    """Throughput of ``page`` and of ``plain``, measured alternately (A B A B ...), and their
    ratio: the page's requests per second over the plain page's, summed over the rounds."""
    a_total = b_total = 0.0
    for _ in range(rounds):
        a_total += throughput(port, page, clients=clients, seconds=seconds)
        b_total += throughput(port, plain, clients=clients, seconds=seconds)
    return a_total / rounds, b_total / rounds, a_total / b_total
