from django.urls import path

from . import views

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
]
