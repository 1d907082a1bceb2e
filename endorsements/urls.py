from django.urls import path

from . import views
from .views import holder, staff

app_name = "endorsements"
urlpatterns = [
    path("staff/<slug:code>/calendar/", views.calendar, name="calendar"),
    path(
        "staff/<slug:code>/calendar/<str:kind>/<uuid:uuid>/",
        views.calendar_entry,
        name="calendar_entry",
    ),
    path(
        "staff/<slug:code>/calendar/<str:kind>/<uuid:uuid>/delete/",
        views.calendar_delete,
        name="calendar_delete",
    ),
    # The holder's own endorsements.
    path("mine/", holder.mine, name="mine"),
    path("mine/registry/", holder.registry_profile, name="registry_profile"),
    path(
        "mine/<uuid:uuid>/certificate.pdf",
        holder.document,
        {"kind": "certificate"},
        name="certificate",
    ),
    path("mine/<uuid:uuid>/letter.pdf", holder.document, {"kind": "letter"}, name="letter"),
    path("mine/<uuid:uuid>/credential.json", holder.credential, name="credential"),
    path("mine/<uuid:uuid>/transfer/", holder.transfer_request, name="transfer_request"),
    # Staff: granted endorsements of an association.
    path("staff/<slug:code>/endorsees/", staff.endorsees, name="endorsees"),
    path("staff/<slug:code>/endorsees/<uuid:uuid>/revoke/", staff.revoke, name="revoke"),
    path("staff/<slug:code>/transfers/", staff.transfers, name="transfers"),
    path("staff/<slug:code>/logo/", staff.logo, name="logo"),
    path("staff/<slug:code>/imports/", staff.import_start, name="import_start"),
    path("staff/<slug:code>/imports/<uuid:uuid>/columns/", staff.import_map, name="import_map"),
    path("staff/<slug:code>/imports/<uuid:uuid>/check/", staff.import_check, name="import_check"),
    path(
        "staff/<slug:code>/imports/<uuid:uuid>/progress/",
        staff.import_progress,
        name="import_progress",
    ),
]
