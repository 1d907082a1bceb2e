"""`make bench`: run every benchmarks/bench_*.py module's ``main()`` and print its figures.

Modules that need a database call ``benchmarks.support.database()`` which creates a throw-away
test database (PostgreSQL when DATABASE_URL names one, else SQLite in memory).
Run one: ``python -m benchmarks rules``.
"""

import importlib
import os
import pkgutil
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "easy.settings.test")
if not os.environ.get("DATABASE_URL"):
    os.environ.pop("DATABASE_URL", None)  # empty means "use the test settings' SQLite"

import django


def main(argv: list[str]) -> int:
    django.setup()
    import benchmarks

    names = sorted(
        m.name.removeprefix("bench_")
        for m in pkgutil.iter_modules(benchmarks.__path__)
        if m.name.startswith("bench_")
    )
    chosen = [n for n in names if not argv or n in argv]
    if not chosen:
        print(f"No benchmark named {' '.join(argv)}; there are: {', '.join(names)}")
        return 2
    for name in chosen:
        module = importlib.import_module(f"benchmarks.bench_{name}")
        print(f"== {name}: {(module.__doc__ or '').strip().splitlines()[0]}")
        started = time.perf_counter()
        module.main()
        print(f"   ({time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
