"""PDF documents (receipts, certificates, review packets) rendered from templates by WeasyPrint.

The template is ordinary HTML with its own ``<style>``; it may use ``{% static %}`` files, which
are read from disk. Nothing is fetched over the network.
"""

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string


def _local_only(url: str):
    """WeasyPrint URL fetcher: static files and data: URLs only (no network, no other files)."""
    from weasyprint import default_url_fetcher

    if url.startswith("data:"):
        return default_url_fetcher(url)
    prefix = settings.STATIC_URL
    path = url.split("://", 1)[-1]
    if prefix in path:
        found = finders.find(path.split(prefix, 1)[1])
        if found:
            return default_url_fetcher(f"file://{found}")
    raise ValueError(f"PDF templates may only use static files, not {url}")


def render_pdf(template: str, context: dict) -> bytes:
    """Render ``template`` with ``context`` to a PDF and return its bytes."""
    from weasyprint import HTML  # imported late: it loads native libraries

    html = render_to_string(template, context)
    return HTML(string=html, base_url=settings.SITE_URL, url_fetcher=_local_only).write_pdf()
