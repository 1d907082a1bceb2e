"""Links that leave the site: in emails, PDFs and credentials, a page's address in full."""

from django.conf import settings
from django.urls import reverse


def absolute_url(name: str, **kwargs) -> str:
    """The full address of the page ``name`` (a URL name), e.g. for an email:
    ``absolute_url("references:rate", token=token)`` → ``https://…/references/r/<token>/``."""
    return settings.SITE_URL + reverse(name, kwargs=kwargs or None)
