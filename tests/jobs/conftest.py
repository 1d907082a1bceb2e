import pytest

from easy.jobs.registry import _MAKERS, Maker, Output, register


def make_numbers(job, progress) -> Output:
    """A small file of ``params["lines"]`` lines, reporting progress as it goes."""
    lines = job.params["lines"]
    for n in range(1, lines + 1):
        if n % 10 == 0:
            progress(n, lines)
    return Output("".join(f"{n}\n" for n in range(lines)).encode(), "numbers.txt", "text/plain")


def make_nothing(job, progress) -> Output:
    raise ValueError("the data source is not reachable")


@pytest.fixture
def numbers_kind():
    """A maker for the applicant-side (not staff) kind ``numbers`` and a failing one."""
    register(Maker("numbers", "Numbers", make_numbers, staff=False))
    register(Maker("broken", "Broken", make_nothing, staff=False))
    yield "numbers"
    _MAKERS.pop("numbers", None)
    _MAKERS.pop("broken", None)
