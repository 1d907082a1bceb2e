from django.urls import path

from . import views

app_name = "renewals"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("start/<str:code>/", views.start, name="start"),
    path("r/<uuid:uuid>/", views.detail, name="detail"),
    path("r/<uuid:uuid>/answers/", views.answers, name="answers"),
    path("r/<uuid:uuid>/sign/", views.sign, name="sign"),
    path("r/<uuid:uuid>/log/<str:kind>/", views.add_entry, name="add_entry"),
    path("r/<uuid:uuid>/pay/<str:fee>/", views.pay, name="pay"),
    path("r/<uuid:uuid>/submit/", views.submit, name="submit"),
    path("r/<uuid:uuid>/proof/", views.proof, name="proof"),
    path("r/<uuid:uuid>/decide/<str:action>/", views.decide, name="decide"),
    path("endorsement/<uuid:uuid>/archive/", views.archive, name="archive"),
    path("endorsement/<uuid:uuid>/inactive/", views.inactive, name="inactive"),
    path("endorsement/<uuid:uuid>/reinstate/", views.reinstate, name="reinstate"),
    path("reinstatement/<uuid:uuid>/", views.reinstatement, name="reinstatement"),
    path("reinstatement/<uuid:uuid>/pay/", views.reinstatement_pay, name="reinstatement_pay"),
    path(
        "reinstatement/<uuid:uuid>/submit/", views.reinstatement_submit, name="reinstatement_submit"
    ),
    path(
        "reinstatement/<uuid:uuid>/decide/<str:action>/",
        views.reinstatement_decide,
        name="reinstatement_decide",
    ),
    path("staff/<str:code>/", views.queue, name="queue"),
    path("staff/<str:code>/export.csv", views.export, name="export"),
    path("staff/<str:code>/settings/", views.settings_page, name="settings"),
]
