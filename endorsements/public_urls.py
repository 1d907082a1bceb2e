"""Public pages (no sign-in): verification, the registry, issuer profiles and status lists.
Included at the site root by ``easy/urls.py``."""

from django.urls import path

from .views import public

app_name = "public"
urlpatterns = [
    path("verify/", public.verify_search, name="verify_search"),
    path("verify/credential/", public.verify_credential, name="verify_credential"),
    path("verify/<str:number>.json", public.verify_json, name="verify_json"),
    path("verify/<str:number>/", public.verify, name="verify"),
    path("registry/", public.registry, name="registry"),
    path("issuers/<slug:code>/", public.issuer, name="issuer"),
    path("issuers/<slug:code>/logo", public.association_logo, name="association_logo"),
    path("issuers/<slug:code>/key-1", public.issuer_key, name="issuer_key"),
    path("issuers/<slug:code>/status/<slug:purpose>/", public.status_list, name="status_list"),
]
