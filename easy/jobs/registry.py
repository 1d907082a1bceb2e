"""What the background can make. Higher apps register a ``Maker`` in their ``AppConfig.ready``;
this platform app never imports them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class Output:
    content: bytes
    filename: str
    content_type: str


#: ``progress(done, total)`` records how far the job is; call it every few hundred rows.
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Maker:
    kind: str
    label: str | Promise
    make: Callable[..., Output]  # make(job, progress) -> Output
    #: Staff files: their progress page and download need a staff session with a second factor.
    staff: bool = True
    #: allowed(user, job): may the owner still have the file? Asked at every look and download,
    #: so that losing access (a reviewer who declined) takes the file away at once.
    allowed: Callable[..., bool] | None = None


_MAKERS: dict[str, Maker] = {}


def register(maker: Maker) -> None:
    _MAKERS[maker.kind] = maker


def maker_for(kind: str) -> Maker:
    try:
        return _MAKERS[kind]
    except KeyError:
        raise LookupError(f"no maker registered for background files of kind {kind!r}") from None
