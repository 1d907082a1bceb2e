from django.urls import path

from . import views

app_name = "jobs"

urlpatterns = [
    path("<uuid:uuid>/", views.progress, name="progress"),
    path("<uuid:uuid>/status.json", views.status, name="status"),
    path("<uuid:uuid>/download/", views.download, name="download"),
]
