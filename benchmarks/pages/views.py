"""Page B: the plain, well-written Django list page every portal page is compared with.

50 rows of the applications table, ``select_related``, a paginator: 4 queries (session, user,
count, rows), one small template.
"""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from applications.models import Application


@login_required
def plain_list(request):
    rows = Application.objects.select_related("applicant", "association").order_by("-pk")
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(request, "bench/plain.html", {"page": page})
