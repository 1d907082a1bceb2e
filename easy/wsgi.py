import os
import sys

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "easy.settings.production")
try:
    application = get_wsgi_application()
except ImproperlyConfigured as exc:
    # Stop the server with the operator's problem in one line, not a traceback.
    sys.exit(f"Configuration error: {exc}")
