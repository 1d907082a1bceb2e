"""gunicorn settings: ``gunicorn -c easy/gunicorn.conf.py easy.wsgi:application``.

The access log names every request's path; a rater's link carries its secret in the path, so
the access logger redacts it (easy/lib/log_filters.py). Command-line options still apply.
"""

import importlib.util
from pathlib import Path

# Loaded by path: importing the ``easy`` package here would load Celery and settings in the
# master process before gunicorn has read its own configuration.
_spec = importlib.util.spec_from_file_location(
    "easy_log_filters", Path(__file__).resolve().parent / "lib" / "log_filters.py"
)
_log_filters = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_log_filters)

accesslog = "-"


def on_starting(server) -> None:
    # The master sets the filter on the access logger before the workers fork from it.
    _log_filters.redact_access_log("gunicorn.access")
