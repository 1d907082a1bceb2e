from .enums import Event
from .services import queue_email


def send_test_email(*, to: str, name: str, key: str):
    """A message that proves mail reaches a person (``manage.py send_test_email``)."""
    return queue_email(event=Event.TEST, to=to, template="test", context={"name": name}, key=key)
