from django.urls import path

from . import views

app_name = "references"

urlpatterns = [
    path("r/<str:token>/", views.rate, name="rate"),
    path("r/<str:token>/decline/", views.decline, name="decline"),
    path("<uuid:uuid>/", views.reference_list, name="list"),
    path("<uuid:uuid>/staff/", views.staff, name="staff"),
    path("<uuid:uuid>/<uuid:reference>/invite/", views.invite, name="invite"),
    path("<uuid:uuid>/<uuid:reference>/resend/", views.resend, name="resend"),
    path("<uuid:uuid>/<uuid:reference>/link/", views.copy_link, name="copy_link"),
    path("<uuid:uuid>/<uuid:reference>/replace/", views.replace, name="replace"),
    path("<uuid:uuid>/<uuid:reference>/deadline/", views.extend_deadline, name="deadline"),
    path("<uuid:uuid>/<uuid:reference>/vetting/", views.vet, name="vet"),
]
