"""One size of the pages benchmark, in its own process and database.

``python -m benchmarks.pages.run --size 10000`` creates (once) and seeds the database
``easy_bench_pages_10000`` on the local PostgreSQL, serves the portal under gunicorn (2 sync
workers) and prints, per page: queries, median latency at 1 client, throughput at 16 clients and
its ratio to the plain page B measured alternately. The last line is the same as JSON, for
``benchmarks/bench_pages.py`` to put the sizes side by side.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")


def _ensure_database(name: str, *, fresh: bool) -> None:
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and fresh:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = None
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(port: int) -> subprocess.Popen:
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [str(gunicorn), "easy.wsgi", "--workers", "2", "--bind", f"127.0.0.1:{port}",
         "--log-level", "error", "--timeout", "120"],
        cwd=ROOT,
        env={**os.environ},
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server
        except OSError:
            if server.poll() is not None:
                raise RuntimeError("gunicorn stopped while starting") from None
            time.sleep(0.3)
    server.kill()
    raise RuntimeError("gunicorn did not start within 60 s")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, required=True)
    parser.add_argument("--seconds", type=float, default=3.0, help="per throughput round")
    parser.add_argument("--rounds", type=int, default=2, help="A B rounds per page")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--fresh", action="store_true", help="drop and seed the database anew")
    parser.add_argument(
        "--only",
        default="",
        help="comma-separated short page names (queue, queue in review, queue ratings, mine, "
        "workspace, rsc, checklist, rater)",
    )
    args = parser.parse_args()

    name = f"easy_bench_pages_{args.size}"
    _ensure_database(name, fresh=args.fresh)
    os.environ["DATABASE_URL"] = f"{PG}/{name}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.pages.settings"
    os.environ.setdefault("MEDIA_ROOT", str(ROOT / ".bench-media"))
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()
    from django.core.management import call_command

    from benchmarks.pages import load, seed

    call_command("migrate", verbosity=0, interactive=False)
    started = time.perf_counter()
    world = seed.ensure(args.size)
    seeded = time.perf_counter() - started
    print(f"   {args.size:,} applications ready ({seeded:.1f} s)", flush=True)

    targets = seed.targets(world)
    plain = targets.pop("plain page B")
    if args.only:
        wanted = {n.strip() for n in args.only.split(",")}
        # Short names (``queue,queue ratings``): the labels themselves hold commas.
        targets = {k: v for k, v in targets.items() if k in wanted or v.name in wanted}

    port = _free_port()
    server = _serve(port)
    rows = []
    try:
        load.check(port, plain)
        plain_latency = load.latency(port, plain, requests=20)
        plain_queries = seed.queries(plain)
        print(
            f"   {'page':<44} {'queries':>7} {'median 1c':>10} {'req/s 16c':>10} "
            f"{'B req/s':>8} {'ratio':>6}"
        )
        print(
            f"   {plain.name:<44} {plain_queries:>7} {plain_latency * 1000:>8.1f}ms "
            f"{'':>10} {'':>8} {'':>6}",
            flush=True,
        )
        for label, target in targets.items():
            load.check(port, target)
            queries = seed.queries(target)
            median = load.latency(port, target, requests=20)
            a, b, ratio = load.ratio_to_plain(
                port, target, plain, clients=args.clients, seconds=args.seconds, rounds=args.rounds
            )
            rows.append(
                {"page": label, "queries": queries, "median_ms": round(median * 1000, 1),
                 "rps": round(a, 1), "plain_rps": round(b, 1), "ratio": round(ratio, 2)}
            )  # fmt: skip
            print(
                f"   {label:<44} {queries:>7} {median * 1000:>8.1f}ms {a:>10.1f} {b:>8.1f} "
                f"{ratio:>5.2f}x",
                flush=True,
            )
    finally:
        server.terminate()
        server.wait(timeout=30)
    print("JSON " + json.dumps({"size": args.size, "rows": rows}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
