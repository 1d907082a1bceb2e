"""Keeping secrets carried in URL paths out of the logs.

A rater's personal link (``/references/r/<token>/``), a password-reset or email-confirmation key
and a signed document link are as good as a password to whoever reads them. Request logs (the
development server's, gunicorn's access log) and error messages quoting a path would keep them
for as long as the logs are kept; this filter replaces the secret part with ``[redacted]``.
"""

import logging
import re

#: Path prefixes whose next segment is a secret.
SECRET_PATH = re.compile(
    r"(/(?:references/r|accounts/password/reset/key|accounts/confirm-email|documents)/)"
    r"[^/\s?#\"']+"
)
REDACTED = "[redacted]"


def redact_secrets(text: str) -> str:
    return SECRET_PATH.sub(rf"\g<1>{REDACTED}", text)


def _clean(value):
    return redact_secrets(value) if isinstance(value, str) else value


class RedactSecretsFilter(logging.Filter):
    """Redacts secret path segments in a record's message and arguments (a tuple, or the mapping
    gunicorn's access log formats from). Never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact_secrets(record.msg)
        if isinstance(record.args, dict):
            # Changed in place: gunicorn passes a dict subclass that answers "-" for
            # missing keys, which a plain copy would lose.
            for key, value in list(record.args.items()):
                record.args[key] = _clean(value)
        elif isinstance(record.args, tuple):
            record.args = tuple(_clean(value) for value in record.args)
        return True


def redact_access_log(logger_name: str = "gunicorn.access") -> None:
    """Attach the filter to an access logger that is configured outside Django's LOGGING."""
    logger = logging.getLogger(logger_name)
    if not any(isinstance(f, RedactSecretsFilter) for f in logger.filters):
        logger.addFilter(RedactSecretsFilter())
