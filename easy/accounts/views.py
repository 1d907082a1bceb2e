from django import forms
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from .dashboard import panels_for
from .enums import Role
from .forms import ProfileForm
from .models import RoleAssignment, User
from .permissions import (
    SecondFactorRequired,
    get_association_for_user,
    staff_powers,
    staff_required,
)
from .services import grant_role, revoke_role, update_profile


@require_http_methods(["GET", "POST"])
def admin_login(request, extra_context=None):
    """Stands in for the Django admin's own login form, which would sign in with a password
    alone: everyone signs in through the portal's sign-in (with the second factor)."""
    next_url = request.GET.get(REDIRECT_FIELD_NAME) or "/admin/"
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = "/admin/"
    if not request.user.is_authenticated:
        return redirect_to_login(next_url)
    if request.user.is_staff and request.user.is_active:
        if staff_powers(request.user):
            return redirect(next_url)
        raise SecondFactorRequired
    raise PermissionDenied


@login_required
@require_http_methods(["GET"])
def dashboard(request):
    return render(request, "accounts/dashboard.html", {"panels": panels_for(request.user)})


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    form = ProfileForm(request.POST or None, instance=User.objects.get(pk=request.user.pk))
    if request.method == "POST" and form.is_valid():
        update_profile(request.user, form.cleaned_data, actor=request.user)
        messages.success(request, _("Your profile is saved."))
        return redirect("profile")
    return render(request, "accounts/profile.html", {"form": form})


class GrantRoleForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("Email address of the person"))
    role = forms.ChoiceField(label=gettext_lazy("Role"), choices=Role.choices)

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].lower()
        self.user = User.objects.filter(email__iexact=email).first()
        if self.user is None:
            raise forms.ValidationError(
                _("No account uses this address. Ask the person to sign up first.")
            )
        return email


@staff_required
@require_http_methods(["GET", "POST"])
def association_people(request, code: str):
    association = get_association_for_user(request.user, code, roles=[Role.ASSOCIATION_ADMIN])
    form = GrantRoleForm(request.POST or None)
    if request.method == "POST":
        if "revoke" in request.POST:
            revoke = request.POST["revoke"]
            # Only a row id the page itself wrote is valid; anything else is a bad request,
            # never a server error (or a database overflow).
            if not (revoke.isascii() and revoke.isdigit() and len(revoke) <= 18):
                return HttpResponseBadRequest(_("This is not a role on this page."))
            assignment = get_object_or_404(RoleAssignment, pk=int(revoke), association=association)
            revoke_role(assignment, actor=request.user)
            messages.success(request, _("Role removed."))
            return redirect("association_people", code=code)
        if form.is_valid():
            grant_role(form.user, association, form.cleaned_data["role"], actor=request.user)
            messages.success(request, _("Role granted."))
            return redirect("association_people", code=code)
    assignments = (
        RoleAssignment.objects.filter(association=association)
        .select_related("user")
        .order_by("role", "user__full_name", "user__email")
    )
    return render(
        request,
        "accounts/association_people.html",
        {"association": association, "assignments": assignments, "form": form},
    )
