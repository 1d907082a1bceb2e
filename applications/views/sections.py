"""The workspace sections: each saved on its own, shown again with everything typed when a
field is wrong. Advisors and coordinators read them and comment; only the applicant writes."""

from dataclasses import dataclass

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods
from django_htmx.http import reswap, retarget

from endorsements.catalog_text import catalog_text
from endorsements.queries import competency_areas_for

from .. import queries, services
from ..agreements import CURRENT
from ..checklist import checklist_for, with_checklist
from ..enums import DocumentKind, Section, SignatureKind
from ..forms import (
    CertificateForm,
    CommentForm,
    DegreeForm,
    LeadershipForm,
    MembershipForm,
    NarrativeForm,
    ProvidesRSCForm,
    RSCSessionForm,
    SignatureForm,
    TrainingForm,
    TrainingImportForm,
    UploadForm,
    WorkPeriodForm,
    parse_training_csv,
)
from ..models import AdvisorComment, Application
from ..permissions import can_answer_comment, can_comment, can_edit, is_owner, require
from .common import application_view, client_ip


@dataclass(frozen=True)
class RowKind:
    """One kind of row: its form, where it lives and which file field it may carry."""

    section: str
    form: type
    related: str
    file_field: str = ""
    document_kind: str = ""
    added: str = ""
    add_title: str = ""

    @property
    def multipart(self) -> bool:
        return bool(self.file_field)


ROW_KINDS = {
    "degree": RowKind(
        Section.EDUCATION,
        DegreeForm,
        "degrees",
        "transcript",
        DocumentKind.TRANSCRIPT,
        gettext_lazy("Degree saved."),
        gettext_lazy("Add a degree"),
    ),
    "certificate": RowKind(
        Section.EDUCATION,
        CertificateForm,
        "certificates",
        "document",
        DocumentKind.CERTIFICATE,
        gettext_lazy("Certificate saved."),
        gettext_lazy("Add a certificate"),
    ),
    "work": RowKind(
        Section.WORK,
        WorkPeriodForm,
        "work",
        added=gettext_lazy("Work period saved."),
        add_title=gettext_lazy("Add a work period"),
    ),
    "training": RowKind(
        Section.TRAINING,
        TrainingForm,
        "trainings",
        added=gettext_lazy("Training saved."),
        add_title=gettext_lazy("Add a training"),
    ),
    "rsc": RowKind(
        Section.RSC,
        RSCSessionForm,
        "rsc_sessions",
        added=gettext_lazy("Session saved."),
        add_title=gettext_lazy("Add a session"),
    ),
    "leadership": RowKind(
        Section.LEADERSHIP,
        LeadershipForm,
        "leadership_activities",
        added=gettext_lazy("Activity saved."),
        add_title=gettext_lazy("Add an activity"),
    ),
    "membership": RowKind(
        Section.MEMBERSHIP,
        MembershipForm,
        "memberships",
        "proof",
        DocumentKind.MEMBERSHIP_PROOF,
        gettext_lazy("Membership saved."),
        gettext_lazy("Add a membership"),
    ),
}
KINDS_OF_SECTION: dict[str, list[str]] = {}
for _name, _kind in ROW_KINDS.items():
    KINDS_OF_SECTION.setdefault(_kind.section, []).append(_name)


def register_row_kind(name: str, kind: RowKind) -> None:
    """A kind of row an app above this one owns, listed in the workspace with the others: the
    ``references`` app registers the raters (``"reference"``, with its form) when it starts."""
    if name not in ROW_KINDS:
        KINDS_OF_SECTION.setdefault(kind.section, []).append(name)
    ROW_KINDS[name] = kind


def _row_form(kind: str, application, data=None, files=None, instance=None, *, prefix=None):
    spec = ROW_KINDS[kind]
    kwargs = {"application": application, "prefix": prefix or kind}
    if spec.form is TrainingForm:
        kwargs["areas"] = competency_areas_for(application.category)
    return spec.form(data, files, instance=instance, **kwargs)


#: Widgets whose value is checked as soon as it changes (text, numbers, dates, lists).
_CHECKED_INPUTS = {"text", "number", "date", "email", "url", "tel", "select", "textarea"}


def _wire_checks(form, application, kind: str):
    """With JavaScript, each field of an add form is checked when its value changes: the
    field comes back with its error (or without one) in place (``check_field``)."""
    url = reverse("applications:check_field", args=(application.uuid, kind, "_"))[:-2]
    for name, field in form.fields.items():
        widget = field.widget
        kind_of = (
            getattr(widget, "input_type", None) or widget.template_name.rsplit("/", 1)[-1][:-5]
        )
        if kind_of not in _CHECKED_INPUTS or getattr(widget, "allow_multiple_selected", False):
            continue
        widget.attrs.update(
            {
                "hx-post": f"{url}{name}/",
                "hx-trigger": "change",
                "hx-target": "closest .usa-form-group",
                "hx-swap": "outerHTML",
                # The checks and the form's save go one after the other, in order: a save
                # waits for the check in flight, and no answer lands on a newer one.
                "hx-sync": "closest form:queue all",
            }
        )
    return form


def _add_form(kind: str, application, data=None, files=None):
    return _wire_checks(_row_form(kind, application, data, files), application, kind)


#: The title of each add form (the references app registers its kind without one).
_ADD_TITLES = {"reference": gettext_lazy("Name a reference rater")}


def _add_title(kind: str) -> str:
    return ROW_KINDS[kind].add_title or _ADD_TITLES.get(kind, "")


def _section_context(
    request, application, section: str, bound: dict | None = None, *, cached: bool = False
) -> dict:
    bound = bound or {}
    editable = can_edit(request.user, application)
    forms = {}
    if editable:
        for kind in KINDS_OF_SECTION.get(section, []):
            forms[kind] = bound.get(kind) or _add_form(kind, application)
    areas = competency_areas_for(application.category)
    context = {
        "application": application,
        "checklist": checklist_for(application, cached=cached),
        "section": section,
        "section_label": Section(section).label,
        "editable": editable,
        "forms": forms,
        "can_comment": can_comment(request.user, application),
        "is_owner": is_owner(request.user, application),
        "comment_form": bound.get("comment") or CommentForm(initial={"section": section}),
        "threads": _threads(application, section),
        "areas": areas,
        "area_names": {a.code: catalog_text(a.name) for a in areas},
        "upload_form": UploadForm(),
    }
    if section == Section.RSC:
        context["provides_form"] = ProvidesRSCForm(
            initial={"provides_rsc": application.provides_rsc}
        )
    if section == Section.COMPETENCIES:
        context["narrative_forms"] = _narrative_forms(application, areas, bound.get("narrative"))
    if section == Section.SIGNATURES:
        context["texts"] = _signature_texts(application, bound.get("signature"))
    return context


def _threads(application, section: str) -> list:
    comments = [c for c in application.comments.all() if c.section == section]
    answers: dict[int, list] = {}
    for c in comments:
        if c.parent_id:
            answers.setdefault(c.parent_id, []).append(c)
    return [(c, answers.get(c.pk, [])) for c in comments if c.parent_id is None]


def _narrative_forms(application, areas, bound=None) -> list:
    trainings, work = list(application.trainings.all()), list(application.work.all())
    existing = {n.area_code: n for n in application.narratives.all()}
    evidence = {e.code: e for e in queries.evidence_by_area(application, areas)}
    out = []
    bound = bound or {}  # the forms posted, by area code
    for area in areas:
        if area.code in bound:
            out.append((area, bound[area.code], evidence[area.code]))
            continue
        row = existing.get(area.code)
        initial = {}
        if row is not None:
            initial = {
                "narrative": row.narrative,
                "trainings": [str(t.uuid) for t in row.trainings.all()],
                "work_periods": [str(w.uuid) for w in row.work_periods.all()],
            }
        out.append(
            (
                area,
                NarrativeForm(
                    initial=initial, prefix=area.code, trainings=trainings, work_periods=work
                ),
                evidence[area.code],
            )
        )
    return out


def _signature_texts(application, bound=None) -> list:
    signed = {(s.kind, s.document_version): s for s in application.signatures.all()}
    out = []
    for kind, text in CURRENT.items():
        form = None
        if bound is not None and bound.initial.get("kind") == kind:
            form = bound
        elif (kind, text.version) not in signed:
            form = SignatureForm(
                initial={"kind": kind},
                prefix=kind,
                expected_name=application.applicant.full_name,
            )
        out.append(
            {
                "kind": kind,
                "text": text,
                "body": text.render(application.association),
                "signature": signed.get((kind, text.version)),
                "form": form,
            }
        )
    return out


def _section_or_404(section: str) -> str:
    if section not in Section.values or section == Section.REGISTRATION:
        raise Http404
    return section


@application_view(checklist=lambda kwargs: kwargs.get("section"))
@require_http_methods(["GET"])
def section(request, application, section: str):
    section = _section_or_404(section)
    return render(
        request,
        "applications/section.html",
        _section_context(request, application, section, cached=True),
    )


def _section_url(application, section: str) -> str:
    return reverse("applications:section", kwargs={"uuid": application.uuid, "section": section})


def _attach(application, spec: RowKind, row, checked, actor) -> None:
    if checked is None:
        return
    target = {"degree": None, "certificate": None, "membership": None}
    target[
        {"degrees": "degree", "certificates": "certificate", "memberships": "membership"}[
            spec.related
        ]
    ] = row
    services.add_document(application, checked, kind=spec.document_kind, actor=actor, **target)


def _in_place(
    request,
    application,
    kind: str,
    *,
    row=None,
    editing=None,
    status="",
    add_form=None,
    removed=False,
    oob=True,
) -> HttpResponse:
    """The answer to an in-place request: the row (or the row being changed, or nothing when
    removed), with the step indicator, the section's checklist and the status line swapped
    out of band so they show the saved state. The application is read again: the checklist
    counts the row just saved."""
    spec = ROW_KINDS[kind]
    fresh = with_checklist(Application.objects.all(), spec.section).get(pk=application.pk)
    areas = competency_areas_for(fresh.category)
    context = {
        "application": fresh,
        "section": spec.section,
        "kind": kind,
        "editable": can_edit(request.user, fresh),
        "checklist": checklist_for(fresh, cached=True) if oob else None,
        "row": row,
        "editing": editing,
        "status_message": status,
        "add_form": add_form,
        "add_title": _add_title(kind),
        "multipart": spec.multipart,
        "removed": removed,
        "area_names": {a.code: catalog_text(a.name) for a in areas},
        "upload_form": UploadForm(),
    }
    return HttpResponse(render_to_string("applications/_in_place.html", context, request))


def _section_of_kind(kwargs) -> str | None:
    spec = ROW_KINDS.get(kwargs.get("kind"))
    return spec.section if spec else None


@application_view(checklist=_section_of_kind)
@require_http_methods(["POST"])
def add_row(request, application, kind: str):
    spec = ROW_KINDS.get(kind)
    if spec is None:
        raise Http404
    require(can_edit(request.user, application))
    form = _add_form(kind, application, request.POST, request.FILES)
    if form.is_valid():
        row = form.save(commit=False)
        services.save_row(application, row, actor=request.user)
        if spec.file_field:
            _attach(application, spec, row, form.cleaned_data.get(spec.file_field), request.user)
        if request.htmx:  # the new row at the end of the table; a fresh form to add another
            fresh = _add_form(kind, application)
            first = next(iter(fresh.fields.values()), None)
            if first is not None:
                first.widget.attrs["autofocus"] = True
            return _in_place(request, application, kind, row=row, status=spec.added, add_form=fresh)
        messages.success(request, spec.added)
        return redirect(_section_url(application, spec.section))
    if request.htmx:  # the form again, with its errors, where it was
        response = render(
            request,
            "applications/_add_form.html",
            {
                "application": application,
                "editable": True,
                "kind": kind,
                "add_form": form,
                "add_title": _add_title(kind),
                "multipart": spec.multipart,
                "clear_status": True,
            },
        )
        return reswap(retarget(response, f"#add-{kind}-section"), "outerHTML")
    return render(
        request,
        "applications/section.html",
        _section_context(request, application, spec.section, {kind: form}),
        status=422,
    )


def _get_row(application, kind: str, row: str):
    spec = ROW_KINDS.get(kind)
    if spec is None:
        raise Http404
    return spec, get_object_or_404(getattr(application, spec.related).all(), uuid=row)


@application_view()
@require_http_methods(["GET", "POST"])
def edit_row(request, application, kind: str, row: str):
    spec, instance = _get_row(application, kind, row)
    if kind == "reference":
        raise Http404  # a nomination is removed and named again, not edited
    require(can_edit(request.user, application))
    # In place, the form sits in the table beside the add form: its own prefix keeps the
    # two forms' ids apart.
    prefix = f"edit-{kind}" if request.htmx else kind
    form = _row_form(
        kind,
        application,
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        instance=instance,
        prefix=prefix,
    )
    if request.method == "POST" and form.is_valid():
        saved = services.save_row(application, form.save(commit=False), actor=request.user)
        if spec.file_field:
            _attach(application, spec, saved, form.cleaned_data.get(spec.file_field), request.user)
        if request.htmx:
            return _in_place(request, application, kind, row=saved, status=spec.added)
        messages.success(request, spec.added)
        return redirect(_section_url(application, spec.section))
    if request.htmx:  # the row becomes its form (again with errors after a failed save)
        return _in_place(request, application, kind, editing=form, row=instance, oob=False)
    return render(
        request,
        "applications/edit_row.html",
        {"application": application, "form": form, "kind": kind, "spec": spec, "row": instance},
        status=422 if form.is_bound else 200,
    )


@application_view(owner_only=True)
@require_http_methods(["GET"])
def show_row(request, application, kind: str, row: str):
    """One row as the table shows it: "Cancel" of a change in place. Without JavaScript the
    section's page."""
    spec, instance = _get_row(application, kind, row)
    if not request.htmx:
        return redirect(_section_url(application, spec.section))
    return _in_place(request, application, kind, row=instance, oob=False)


@application_view(owner_only=True)
@require_http_methods(["POST"])
def check_field(request, application, kind: str, field: str):
    """One field of an add form checked as it changes: the field again, with its error or
    without one. The row is not saved."""
    if kind not in ROW_KINDS:
        raise Http404
    require(can_edit(request.user, application))
    form = _add_form(kind, application, request.POST, request.FILES)
    if field not in form.fields:
        raise Http404
    form.is_valid()
    return render(request, "includes/field.html", {"field": form[field]})


@application_view()
@require_http_methods(["POST"])
def delete_row(request, application, kind: str, row: str):
    spec, instance = _get_row(application, kind, row)
    require(can_edit(request.user, application))
    services.delete_row(application, instance, actor=request.user)
    if request.htmx:
        return _in_place(request, application, kind, removed=True, status=_("Removed."))
    messages.success(request, _("Removed."))
    return redirect(_section_url(application, spec.section))


@application_view(workspace=True)
@require_http_methods(["POST"])
def upload(request, application, kind: str, row: str):
    """Attach a file to an existing degree, certificate or membership."""
    spec, instance = _get_row(application, kind, row)
    if not spec.file_field:
        raise Http404
    require(can_edit(request.user, application))
    form = UploadForm(request.POST, request.FILES)
    if form.is_valid():
        _attach(application, spec, instance, form.cleaned_data["file"], request.user)
        messages.success(request, _("File added."))
        return redirect(_section_url(application, spec.section))
    context = _section_context(request, application, spec.section)
    context["upload_form"] = form
    context["upload_row"] = instance.uuid
    return render(request, "applications/section.html", context, status=422)


@application_view()
@require_http_methods(["POST"])
def delete_document(request, application, document: str):
    doc = get_object_or_404(application.documents, uuid=document)
    require(can_edit(request.user, application))
    section = Section.MEMBERSHIP if doc.membership_id else Section.EDUCATION
    try:
        services.delete_document(doc, actor=request.user)
    except services.ApplicationError as exc:
        # The file is in the person's log: another of their applications may be under review.
        messages.error(request, str(exc))
    else:
        messages.success(request, _("File removed."))
    return redirect(_section_url(application, section))


@application_view(workspace=True)
@require_http_methods(["POST"])
def provides_rsc(request, application):
    require(can_edit(request.user, application))
    form = ProvidesRSCForm(request.POST)
    form.is_valid()
    services.set_provides_rsc(
        application, form.cleaned_data.get("provides_rsc", False), actor=request.user
    )
    messages.success(request, _("Saved."))
    return redirect(_section_url(application, Section.RSC))


@application_view(workspace=True)
@require_http_methods(["POST"])
def narrative(request, application, area: str):
    areas = {a.code: a for a in competency_areas_for(application.category)}
    if area not in areas:
        raise Http404
    require(can_edit(request.user, application))
    # The page is one form: every area's text comes with any "Save" so that none is lost; the
    # area whose button was pressed is saved, and so is any other area whose text changed.
    trainings, work = list(application.trainings.all()), list(application.work.all())
    codes = [area] + [c for c in areas if c != area and f"{c}-narrative" in request.POST]
    forms = {
        code: NarrativeForm(request.POST, prefix=code, trainings=trainings, work_periods=work)
        for code in codes
    }
    if all(f.is_valid() for f in forms.values()):
        existing = {n.area_code: n for n in application.narratives.all()}
        for code, form in forms.items():
            data = form.cleaned_data
            if code != area and not _narrative_changed(existing.get(code), data):
                continue
            services.save_narrative(
                application,
                code,
                narrative=data["narrative"],
                trainings=data["trainings"],
                work_periods=data["work_periods"],
                actor=request.user,
            )
        messages.success(request, _("%(area)s saved.") % {"area": areas[area].name})
        return redirect(_section_url(application, Section.COMPETENCIES) + f"#area-{area}")
    return render(
        request,
        "applications/section.html",
        _section_context(request, application, Section.COMPETENCIES, {"narrative": forms}),
        status=422,
    )


def _narrative_changed(row, data) -> bool:
    if row is None:
        return bool(data["narrative"].strip() or data["trainings"] or data["work_periods"])
    return (
        row.narrative != data["narrative"]
        or {t.pk for t in row.trainings.all()} != {t.pk for t in data["trainings"]}
        or {w.pk for w in row.work_periods.all()} != {w.pk for w in data["work_periods"]}
    )


@application_view(workspace=True)
@require_http_methods(["POST"])
def sign(request, application, kind: str):
    if kind not in SignatureKind.values:
        raise Http404
    require(can_edit(request.user, application))
    form = SignatureForm(
        request.POST,
        initial={"kind": kind},
        prefix=kind,
        expected_name=application.applicant.full_name,
    )
    if form.is_valid():
        try:
            services.sign(
                application,
                kind,
                typed_name=form.cleaned_data["typed_name"],
                ip_address=client_ip(request),
                actor=request.user,
            )
        except services.ApplicationError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Signed: %(title)s.") % {"title": CURRENT[kind].title})
        return redirect(_section_url(application, Section.SIGNATURES))
    return render(
        request,
        "applications/section.html",
        _section_context(request, application, Section.SIGNATURES, {"signature": form}),
        status=422,
    )


@application_view(workspace=True)
@require_http_methods(["GET", "POST"])
def training_import(request, application):
    """Upload a CSV file, see every row checked, then import the rows without errors."""
    require(can_edit(request.user, application))
    areas = competency_areas_for(application.category)
    form = TrainingImportForm()
    rows, file_errors, text = None, [], ""
    if request.method == "POST":
        if "csv_text" in request.POST:
            text = request.POST["csv_text"]
        else:
            form = TrainingImportForm(request.POST, request.FILES)
            if form.is_valid():
                text = form.cleaned_data["file"]
        if text:
            rows, file_errors = parse_training_csv(text, application=application, areas=areas)
        if text and "confirm" in request.POST and rows and not file_errors:
            good = [r["training"] for r in rows if r["training"] is not None]
            count = services.import_trainings(application, good, actor=request.user)
            messages.success(
                request,
                ngettext("%(n)s training imported.", "%(n)s trainings imported.", count)
                % {"n": count},
            )
            return redirect(_section_url(application, Section.TRAINING))
    valid = sum(1 for r in rows or [] if r["training"] is not None)
    return render(
        request,
        "applications/training_import.html",
        {
            "application": application,
            "form": form,
            "rows": rows,
            "file_errors": file_errors,
            "csv_text": text,
            "valid": valid,
            "invalid": len(rows or []) - valid,
        },
        status=422 if (form.errors or file_errors) else 200,
    )


@application_view(workspace=True)
@require_http_methods(["POST"])
def comment(request, application):
    """Advisors and coordinators comment on a section; the applicant answers a comment."""
    form = CommentForm(request.POST)
    if not form.is_valid():
        section = request.POST.get("section")
        if section not in Section.values or section == Section.REGISTRATION:
            raise Http404
        require(can_answer_comment(request.user, application))
        return render(
            request,
            "applications/section.html",
            _section_context(request, application, section, {"comment": form}),
            status=422,
        )
    parent = None
    if form.cleaned_data["parent"]:
        parent = get_object_or_404(
            AdvisorComment, application=application, uuid=form.cleaned_data["parent"]
        )
    if parent is None:
        require(can_comment(request.user, application))
    else:
        require(can_answer_comment(request.user, application))
    services.add_comment(
        application,
        form.cleaned_data["section"],
        form.cleaned_data["body"],
        actor=request.user,
        parent=parent,
    )
    messages.success(request, _("Comment sent."))
    section = parent.section if parent else form.cleaned_data["section"]
    return redirect(_section_url(application, section))
