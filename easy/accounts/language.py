"""The person's language: chosen with the switcher, kept in their profile, used on sign-in.

The switcher posts to Django's ``set_language``; when the person is signed in, the choice is
also stored on ``User.language`` (so their emails follow it). On sign-in, a choice made in this
browser before signing in wins and is stored; otherwise the stored language is activated.
"""

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.views.i18n import set_language as django_set_language

LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}


def _store(user, language: str) -> None:
    if language in LANGUAGE_CODES and user.language != language:
        user.language = language
        user.save(update_fields=["language"])


def set_language(request: HttpRequest) -> HttpResponse:
    """Django's ``set_language``, plus the choice saved in a signed-in person's profile."""
    response = django_set_language(request)
    if request.method == "POST" and request.user.is_authenticated:
        _store(request.user, request.POST.get("language", ""))
    return response


@receiver(user_logged_in, dispatch_uid="accounts.language_on_sign_in")
def remember_language_on_sign_in(sender, request, user, **kwargs) -> None:
    if request is None:
        return
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    if chosen in LANGUAGE_CODES:
        _store(user, chosen)


class UserLanguageMiddleware:
    """After authentication: a signed-in person sees the portal in the language in their profile
    (and the browser's language cookie is brought in line with it)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        language = ""
        if user is not None and user.is_authenticated and user.language in LANGUAGE_CODES:
            language = user.language
            if language != translation.get_language():
                translation.activate(language)
                request.LANGUAGE_CODE = language
        response = self.get_response(request)
        if language and request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != language:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        return response
