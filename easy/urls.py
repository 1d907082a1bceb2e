from django.contrib import admin
from django.urls import include, path

from easy import views
from easy.accounts import language
from easy.accounts import views as account_views
from easy.accounts.permissions import admin_has_permission
from easy.audit import views as audit_views

# The Django admin is for site operators: signed in through allauth only (its own login form is
# replaced), and only in a session that used a second factor.
admin.site.login = account_views.admin_login
_admin_has_permission = admin.site.has_permission
admin.site.has_permission = lambda request: admin_has_permission(request, _admin_has_permission)
admin.site.site_header = "Endorsement Portal administration"

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    # The switcher posts here: Django's view, plus the choice kept in the person's profile.
    path("i18n/setlang/", language.set_language, name="set_language"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("documents/<str:token>/", views.document, name="document"),
    path("accounts/", include("allauth.urls")),
    path("dashboard/", account_views.dashboard, name="dashboard"),
    path("profile/", account_views.profile, name="profile"),
    path(
        "staff/associations/<slug:code>/people/",
        account_views.association_people,
        name="association_people",
    ),
    path(
        "staff/history/<str:model>/<str:object_id>/",
        audit_views.object_history,
        name="object_history",
    ),
    path("catalog/", include("endorsements.urls")),
    path("", include("endorsements.public_urls")),  # /verify/, /registry/, /issuers/
    path("apply/", include("applications.urls")),
    path("references/", include("references.urls")),
    path("payments/", include("payments.urls")),
    path("review/", include("reviews.urls")),
    path("exams/", include("exams.urls")),
    path("renew/", include("renewals.urls")),
    path("files/", include("easy.jobs.urls")),
    path("admin/", admin.site.urls),
]
