from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from easy.accounts.permissions import staff_required

from .models import AuditEvent
from .permissions import history_associations


@staff_required
@require_http_methods(["GET"])
def object_history(request, model: str, object_id: str):
    """An object's history, for the coordinators and administrators of the association it
    belongs to; other staff (reviewers, advisors, graders) get 404, as does everyone else."""
    app_label, _, model_name = model.partition(".")
    content_type = ContentType.objects.filter(app_label=app_label, model=model_name).first()
    if content_type is None:
        raise Http404
    events = list(
        AuditEvent.objects.filter(
            content_type=content_type,
            object_id=object_id,
            association__in=history_associations(request.user),
        )
        .select_related("actor")
        .order_by("created_at", "id")
    )
    if not events:
        raise Http404
    return render(
        request, "audit/history.html", {"events": events, "object_repr": events[-1].object_repr}
    )
