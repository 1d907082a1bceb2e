"""The renewal cycle's idea of today. Services and tasks take ``as_of``; pages and the beat ask
``today()``, the one place a browser test or a replay freezes the clock."""

import datetime as dt

from django.utils import timezone


def today() -> dt.date:
    return timezone.localdate()
