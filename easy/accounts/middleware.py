"""Staff sessions: powers only with a second factor, short-lived, gone when the browser closes.

Placed after the authentication and allauth middlewares. For every signed-in request it marks
the user with whether this session used a second factor (read by the predicates in
``easy.accounts.permissions``). For staff it also:

- makes the session cookie a browser-session cookie (it ends when the browser closes);
- signs the person out after ``STAFF_SESSION_IDLE_MINUTES`` without a request;
- answers ``SecondFactorRequired`` with the way to the second factor.
"""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from .permissions import (
    SecondFactorRequired,
    is_mfa_enabled,
    is_staff_member,
    mark_session_factor,
    session_used_second_factor,
)

#: When the staff member's last request arrived (epoch seconds), kept in the session.
LAST_SEEN_KEY = "staff_last_seen"
#: Rewrite the timestamp at most this often, so a page does not save the session every time.
_TOUCH_SECONDS = 60


def _start_staff_session(session) -> None:
    """A staff session ends with the browser, and its idle clock starts now."""
    if session.get_expire_at_browser_close() is False:
        session.set_expiry(0)
    session[LAST_SEEN_KEY] = time.time()


@receiver(user_logged_in, dispatch_uid="easy.accounts.staff_session")
def staff_signed_in(sender, request, user, **kwargs) -> None:
    if is_staff_member(user):
        _start_staff_session(request.session)


class StaffSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            mark_session_factor(user, session_used_second_factor(request))
            if is_staff_member(user) and self._expired(request):
                logout(request)
                messages.info(
                    request,
                    _("You were signed out after %(minutes)s minutes without activity.")
                    % {"minutes": settings.STAFF_SESSION_IDLE_MINUTES},
                )
        return self.get_response(request)

    @staticmethod
    def _expired(request) -> bool:
        session = request.session
        now = time.time()
        last = session.get(LAST_SEEN_KEY)
        if last is not None and now - last > settings.STAFF_SESSION_IDLE_MINUTES * 60:
            return True
        if last is None or now - last > _TOUCH_SECONDS:
            # A role granted after sign-in starts the staff rules on the next request.
            _start_staff_session(session)
        return False

    def process_exception(self, request, exception):
        if not isinstance(exception, SecondFactorRequired):
            return None
        if not is_mfa_enabled(request.user):
            messages.warning(
                request,
                _("Staff pages need two-step sign-in. Set up an authenticator app first."),
            )
            return redirect("mfa_index")
        messages.warning(
            request, _("Staff pages need your second factor in this session. Enter a code.")
        )
        query = urlencode({"next": request.get_full_path()})
        return redirect(f"{reverse('mfa_reauthenticate')}?{query}")
