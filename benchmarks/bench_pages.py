"""Pages against a plain Django list page under gunicorn, at 1,000, 10,000 and 100,000 applications.

Each size runs in its own process and PostgreSQL database (seeded once, kept for the next run:
``BENCH_FRESH=1`` seeds anew). ``BENCH=quick`` measures 10,000 only. Needs the local PostgreSQL.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _postgres_answers() -> bool:
    try:
        import psycopg

        psycopg.connect("postgres://postgres@127.0.0.1:5432/postgres", connect_timeout=3).close()
    except Exception:  # any failure means "not here"
        return False
    return True


def main() -> None:
    if not _postgres_answers():
        print("   skipped: the pages benchmark needs PostgreSQL on 127.0.0.1:5432")
        return
    sizes = [10_000] if os.environ.get("BENCH") == "quick" else [1_000, 10_000, 100_000]
    results = {}
    for size in sizes:
        print(f"-- {size:,} applications", flush=True)
        command = [sys.executable, "-m", "benchmarks.pages.run", "--size", str(size)]
        if os.environ.get("BENCH_FRESH") == "1":
            command.append("--fresh")
        env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "MEDIA_ROOT")}
        done = subprocess.run(
            command, cwd=ROOT, env=env, capture_output=True, text=True, check=False
        )
        for line in done.stdout.splitlines():
            if line.startswith("JSON "):
                results[size] = json.loads(line[5:])["rows"]
            else:
                print(line)
        if done.returncode:
            print(done.stderr[-3000:])
            raise SystemExit(f"pages benchmark at {size} failed")
    if len(results) > 1:
        smallest, largest = min(results), max(results)
        print(f"-- growth: median at {largest:,} over median at {smallest:,} (target at most 1.5x)")
        small = {r["page"]: r for r in results[smallest]}
        for row in results[largest]:
            base = small.get(row["page"])
            if base and base["median_ms"]:
                print(f"   {row['page']:<44} {row['median_ms'] / base['median_ms']:>5.2f}x")
