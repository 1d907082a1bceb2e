"""PDF documents (receipts, certificates, review packets) rendered from templates by WeasyPrint.

The template is ordinary HTML with its own ``<style>``; it may use ``{% static %}`` files, which
are read from disk. Nothing else is fetched: no network, no other file (a name or link that
ends up in a template can never make the server fetch a URL).
"""

from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string


def _fetcher():
    from weasyprint.urls import URLFetcher  # imported late: WeasyPrint loads native libraries

    class LocalOnlyFetcher(URLFetcher):
        """Static files and ``data:`` URLs only."""

        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            path = url.split("://", 1)[-1]
            if settings.STATIC_URL in path:
                found = finders.find(path.split(settings.STATIC_URL, 1)[1].split("?")[0])
                if found:
                    return super().fetch(Path(found).resolve().as_uri(), headers)
            raise ValueError(f"PDF templates may use only static files, not {url}")

    return LocalOnlyFetcher(allowed_protocols={"data", "file"}, allow_redirects=False)


def render_pdf(template: str, context: dict) -> bytes:
    """Render ``template`` with ``context`` to a PDF and return its bytes."""
    from weasyprint import HTML

    html = render_to_string(template, context)
    return HTML(string=html, base_url=settings.SITE_URL, url_fetcher=_fetcher()).write_pdf()
