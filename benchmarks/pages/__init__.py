"""`make bench` pages: the portal's pages against a plain Django list page, under gunicorn.

``run.py`` is the per-size process (its own database); ``seed.py`` fills it; ``settings.py`` and
``urls.py`` add the plain page B (``views.py``) beside the portal's own routes.
"""
