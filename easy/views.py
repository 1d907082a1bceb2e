from django.conf import settings
from django.core.files.storage import default_storage
from django.db import connection
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from easy.accounts.tenancy import association_model
from easy.lib.storage import name_from_token, protect_download


@require_http_methods(["GET"])
def home(request):
    if request.user.is_authenticated and "welcome" not in request.GET:
        return redirect("dashboard")
    associations = association_model().objects.filter(is_active=True).order_by("name")
    return render(request, "home.html", {"associations": associations})


@require_http_methods(["GET"])
def document(request, token: str):
    """A stored document behind a signed, short-lived link (the local stand-in for S3 links),
    always downloaded, never rendered."""
    name = name_from_token(token, max_age=settings.DOCUMENT_LINK_SECONDS)
    if not name or not default_storage.exists(name):
        raise Http404
    response = FileResponse(
        default_storage.open(name, "rb"), as_attachment=True, filename=name.rsplit("/", 1)[-1]
    )
    return protect_download(response)


@require_http_methods(["GET"])
def health(request):
    """For the container health check: the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
