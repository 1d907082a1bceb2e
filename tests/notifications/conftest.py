from contextlib import contextmanager

import pytest

from tests.service_support import _forget_routing, free_port


@contextmanager
def unreachable_broker():
    """Tasks are published to a Redis address where nothing listens (eager mode off) inside the
    block. (``broker_write_url``: Celery prefers the CELERY_BROKER_URL variable, set when the
    suite runs against Redis, to ``broker_url``.)"""
    from easy.celery_app import app

    saved = (app.conf.task_always_eager, app.conf.broker_write_url)
    app.conf.task_always_eager = False
    app.conf.broker_write_url = f"redis://127.0.0.1:{free_port()}/0"
    _forget_routing(app)
    try:
        yield
    finally:
        app.conf.task_always_eager, app.conf.broker_write_url = saved
        _forget_routing(app)


@pytest.fixture
def broker_down():
    with unreachable_broker():
        yield
