"""Public pages, no sign-in: verify an endorsement by number (HTML and JSON), search by number
and surname, and the opt-in registry of endorsees. Rate-limited per client address."""

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET, require_http_methods

from ..credentials import issue, keys
from ..enums import EndorsementStatus
from ..models import Association, Category
from ..queries import endorsements_by_number, registry_people
from ..ratelimit import limited
from ..standing import in_good_standing, is_listed, public_facts

NOINDEX = "noindex, nofollow"


def _robots(response, indexable: bool):
    if not indexable:
        response["X-Robots-Tag"] = NOINDEX
    return response


def _found(number: str):
    found = list(endorsements_by_number(number))
    if not found:
        raise Http404(_("No endorsement has this number."))
    return found


def _row(endorsement) -> dict:
    """What the verification pages show of one endorsement (``_standing.html``)."""
    return {
        "facts": public_facts(endorsement),
        "listed": is_listed(endorsement),
        "current": in_good_standing(endorsement),
    }


@require_GET
@limited("verify")
def verify_search(request):
    """Look an endorsement up by its number, optionally confirming the holder's surname."""
    number = request.GET.get("number", "").strip()
    surname = request.GET.get("surname", "").strip()
    results, searched = [], bool(number)
    if number:
        for endorsement in endorsements_by_number(number):
            last = endorsement.user.get_full_name().split()[-1:] or [""]
            if surname and last[0].casefold() != surname.casefold():
                continue
            results.append(_row(endorsement))
    response = render(
        request,
        "endorsements/verify_search.html",
        {"number": number, "surname": surname, "results": results, "searched": searched},
    )
    return _robots(response, indexable=False)


@require_GET
@limited("verify")
def verify(request, number: str):
    found = _found(number)
    rows = [_row(e) for e in found]
    indexable = all(row["listed"] for row in rows)
    response = render(
        request,
        "endorsements/verify.html",
        {"rows": rows, "number": number, "indexable": indexable},
    )
    return _robots(response, indexable)


@require_GET
@limited("verify")
def verify_json(request, number: str):
    found = _found(number)
    payload = {"endorsements": [public_facts(e) for e in found]}
    response = JsonResponse(payload, json_dumps_params={"ensure_ascii": False})
    return _robots(response, indexable=all(is_listed(e) for e in found))


def _registry_filters(request) -> dict:
    return {
        "name": request.GET.get("name", "").strip(),
        "category": request.GET.get("category", "").strip(),
        "association": request.GET.get("association", "").strip(),
        "place": request.GET.get("place", "").strip(),
        "language": request.GET.get("language", "").strip(),
        "provides_rsc": request.GET.get("provides_rsc") in ("1", "on", "true"),
    }


def _person(listing) -> dict:
    return {
        "name": listing.user.get_full_name(),
        "endorsements": [
            {
                "number": e.number,
                "category": e.category_code,
                "association": e.association.name,
                "valid_until": e.renews_on.isoformat(),
            }
            for e in listing.user.current_endorsements
        ],
        "city": listing.city,
        "state": listing.state,
        "employer": listing.employer,
        "languages": listing.language_list,
        "provides_rsc": listing.provides_rsc,
    }


@require_GET
@limited("registry")
def registry(request):
    """The public registry: only people who joined it, only current endorsements."""
    filters = _registry_filters(request)
    page = Paginator(registry_people(**filters), 25).get_page(request.GET.get("page"))
    people = [_person(listing) for listing in page.object_list]
    if request.GET.get("format") == "json":
        return JsonResponse(
            {
                "count": page.paginator.count,
                "page": page.number,
                "pages": page.paginator.num_pages,
                "people": people,
            },
            json_dumps_params={"ensure_ascii": False},
        )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "endorsements/registry.html",
        {
            "page": page,
            "people": people,
            "filters": filters,
            "query": query.urlencode(),
            "categories": Category.objects.order_by("position", "code"),
            "associations": Association.objects.filter(is_active=True),
            "current": EndorsementStatus.CURRENT,
        },
    )


# --- Issuers, status lists, and checking a credential -----------------------------------------

MAX_CREDENTIAL_BYTES = 200_000


def _association(code: str) -> Association:
    association = Association.objects.filter(code=code).first()
    if association is None:
        raise Http404
    return association


def _ld_json(payload: dict) -> JsonResponse:
    response = JsonResponse(payload, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/ld+json"
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def issuer(request, code: str):
    """The association's issuer profile with its public key (stable URL)."""
    return _ld_json(issue.issuer_profile(_association(code)))


@require_GET
def issuer_key(request, code: str):
    association = _association(code)
    if not association.public_key_multibase:
        raise Http404
    return _ld_json(issue.verification_method(association))


LOGO_TYPES = {"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg"}


@require_GET
def association_logo(request, code: str):
    """The association's logo for the page header (and anyone's browser): served by the portal
    so it passes the strict content policy wherever the documents are stored."""
    association = _association(code)
    if not association.logo:
        raise Http404
    extension = association.logo.name.rsplit(".", 1)[-1].lower()
    try:
        handle = association.logo.open("rb")
    except OSError as exc:  # the row names a file the storage no longer has
        raise Http404 from exc
    response = FileResponse(handle, content_type=LOGO_TYPES.get(extension, "image/png"))
    response["Cache-Control"] = "public, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
def status_list(request, code: str, purpose: str):
    if purpose not in issue.PURPOSES:
        raise Http404
    association = _association(code)
    try:
        payload = issue.status_list_credential(association, purpose)
    except keys.KeyMissing as exc:
        raise Http404 from exc
    response = _ld_json(payload)
    response["Cache-Control"] = "public, max-age=60"
    return response


@require_http_methods(["GET", "POST"])
@limited("verify")
def verify_credential(request):
    """Anyone pastes or uploads a credential and learns whether its proof and status hold."""
    result, text = None, ""
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is not None:
            text = upload.read(MAX_CREDENTIAL_BYTES + 1).decode("utf-8", "replace")
        else:
            text = request.POST.get("credential", "")
        if len(text.encode()) > MAX_CREDENTIAL_BYTES:
            result = {"ok": False, "errors": ["too_large"], "status": {}}
        else:
            result = issue.check_credential(text)
        if request.POST.get("format") == "json":
            return JsonResponse(result)
    response = render(
        request,
        "endorsements/verify_credential.html",
        {"result": result, "text": text if result else "", "messages_for": _MESSAGES},
    )
    return _robots(response, indexable=False)


_MESSAGES = {
    "not_json": _lazy("This is not a credential: it is not readable JSON."),
    "unknown_issuer": _lazy("The issuer is not an association of this portal."),
    "proof": _lazy(
        "The proof does not hold: the credential was changed or not signed by the issuer."
    ),
    "dates": _lazy("Today is outside the credential's validity dates."),
    "revoked": _lazy("The issuer has revoked this credential."),
    "suspended": _lazy("The endorsement is not current (expired, lapsed, archived or inactive)."),
    "no_status": _lazy("The credential has no status entry on the issuer's list."),
    "too_large": _lazy("The file is too large to be a credential."),
}
