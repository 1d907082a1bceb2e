"""The question bank (site-level, kept by exam administrators): multiple-choice items with their
version history, essay vignettes with rubrics, blueprints and the forms drawn from them."""

from __future__ import annotations

import random
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from easy.audit.services import record

from ..enums import ItemStatus
from ..models import (
    Blueprint,
    BlueprintRow,
    ExamForm,
    FormItem,
    Item,
    ItemVersion,
    RubricCriterion,
    Vignette,
)
from .common import ExamError, move

I = ItemStatus  # noqa: E741 - the workflow's short name, as elsewhere

#: Every allowed change of an item's (or vignette's) status. A retired item stays retired.
ITEM_TRANSITIONS: dict[str, frozenset[str]] = {
    I.DRAFT: frozenset({I.ACTIVE, I.RETIRED}),
    I.ACTIVE: frozenset({I.RETIRED}),
    I.RETIRED: frozenset(),
}

ITEM_FIELDS = ("family", "area", "stem", "option_a", "option_b", "option_c", "option_d", "key")


def can_transition_item(item, to: str) -> bool:
    return to in ITEM_TRANSITIONS[item.status]


def transition_item(item, to: str, *, actor, reason: str = ""):
    """Activate or retire an item or a vignette. Side effects: saves it; one audit row."""
    kind = "item" if isinstance(item, Item) else "vignette"
    return move(item, to, ITEM_TRANSITIONS, action=f"exam.{kind}_{to}", actor=actor, reason=reason)


def snapshot(item: Item) -> dict:
    return {
        "family": item.family,
        "area": item.area.code,
        "stem": item.stem,
        "options": item.options,
        "key": item.key,
    }


@dataclass
class ItemData:
    family: str
    area: object  # a CompetencyArea
    stem: str
    options: list[str]
    key: int

    def validate(self) -> list[str]:
        errors = []
        if not self.stem.strip():
            errors.append(_("The stem is empty."))
        if len(self.options) != 4 or any(not o.strip() for o in self.options):
            errors.append(_("An item has four options, none empty."))
        elif len({o.strip().casefold() for o in self.options}) != 4:
            errors.append(_("Two options are the same."))
        if self.key not in (0, 1, 2, 3):
            errors.append(_("The key must be A, B, C or D."))
        if self.area is not None and self.area.family != self.family:
            errors.append(_("The competency area belongs to the other family."))
        return errors


def _apply(item: Item, data: ItemData) -> None:
    item.family, item.area, item.stem, item.key = (
        data.family,
        data.area,
        data.stem.strip(),
        data.key,
    )
    item.option_a, item.option_b, item.option_c, item.option_d = (o.strip() for o in data.options)


@transaction.atomic
def save_item(item: Item | None, data: ItemData, *, actor) -> Item:
    """Create a draft item, or change one never used. A used item is refused: retire and
    replace it. Side effects: the item, one ItemVersion, one audit row."""
    errors = data.validate()
    if errors:
        raise ExamError(" ".join(errors))
    if item is None:
        item = Item(created_by=actor if getattr(actor, "pk", None) else None)
        _apply(item, data)
        item.save()
    else:
        item = Item.objects.select_for_update().get(pk=item.pk)
        if item.is_used:
            raise ExamError(_("This item has been on an exam: retire it and write a replacement."))
        if item.status == I.RETIRED:
            raise ExamError(_("A retired item cannot change."))
        _apply(item, data)
        item.version += 1
        item.save()
    ItemVersion.objects.create(
        item=item, version=item.version, snapshot=snapshot(item), changed_by=actor
    )
    record(actor, "exam.item_saved", item, data={"uuid": str(item.uuid), "version": item.version})
    return item


@transaction.atomic
def replace_item(item: Item, data: ItemData, *, actor) -> Item:
    """Retire ``item`` and add its replacement as a new draft (version + 1, pointing back).
    Side effects: two items changed/created, their versions, audit rows."""
    if item.status != I.RETIRED:
        transition_item(item, I.RETIRED, actor=actor, reason="Replaced by a new version.")
    new = save_item(None, data, actor=actor)
    new.replaces, new.version = item, item.version + 1
    new.save(update_fields=["replaces", "version"])
    ItemVersion.objects.filter(item=new).update(version=new.version)
    return new


@transaction.atomic
def save_vignette(vignette: Vignette | None, *, family, designation, title, text, criteria, actor):
    """Create or change a vignette and its rubric (``criteria``: (text, max points, area or
    None)). A vignette already given to a candidate cannot change."""
    if not criteria:
        raise ExamError(_("A vignette needs at least one rubric criterion."))
    if vignette is not None and vignette.responses.exists():
        raise ExamError(_("Candidates have answered this vignette: retire it and write a new one."))
    vignette = vignette or Vignette()
    vignette.family, vignette.designation = family, designation or ""
    vignette.title, vignette.text = title.strip(), text.strip()
    vignette.save()
    vignette.criteria.all().delete()
    for position, (label, points, area) in enumerate(criteria):
        RubricCriterion.objects.create(
            vignette=vignette, text=label, max_points=points, area=area, position=position
        )
    record(actor, "exam.vignette_saved", vignette, data={"uuid": str(vignette.uuid)})
    return vignette


@transaction.atomic
def save_blueprint(family: str, for_mentors: bool, name: str, counts: dict, *, actor) -> Blueprint:
    """Replace the family's active blueprint by one with ``counts`` ({area: items})."""
    Blueprint.objects.filter(family=family, for_mentors=for_mentors, is_active=True).update(
        is_active=False
    )
    blueprint = Blueprint.objects.create(family=family, for_mentors=for_mentors, name=name)
    for area, count in counts.items():
        if count:
            BlueprintRow.objects.create(blueprint=blueprint, area=area, count=count)
    record(actor, "exam.blueprint_saved", blueprint, data={"total": blueprint.total})
    return blueprint


@transaction.atomic
def form_for(exam_week, family: str, for_mentors: bool, *, actor=None) -> ExamForm:
    """The week's form for the family: drawn once from active items by the active blueprint
    (the same for every Mentor designation). Side effects: the form; items marked used."""
    existing = ExamForm.objects.filter(
        exam_week=exam_week, family=family, for_mentors=for_mentors
    ).first()
    if existing is not None:
        return existing
    blueprint = (
        Blueprint.objects.filter(family=family, for_mentors=for_mentors, is_active=True)
        .prefetch_related("rows__area")
        .last()
    )
    if blueprint is None:
        raise ExamError(_("The exam is not ready: no blueprint for this family."))
    rng = random.SystemRandom()
    chosen: list[Item] = []
    for row in blueprint.rows.all():
        pool = list(Item.objects.filter(family=family, area=row.area, status=I.ACTIVE))
        if len(pool) < row.count:
            raise ExamError(
                _(
                    "The exam is not ready: %(area)s has %(have)d active items, the blueprint "
                    "asks for %(want)d."
                )
                % {"area": row.area.name, "have": len(pool), "want": row.count}
            )
        chosen.extend(rng.sample(pool, row.count))
    form = ExamForm.objects.create(
        exam_week=exam_week, family=family, for_mentors=for_mentors, blueprint=blueprint
    )
    FormItem.objects.bulk_create(
        FormItem(form=form, item=item, position=i) for i, item in enumerate(chosen)
    )
    Item.objects.filter(pk__in=[i.pk for i in chosen], used_at__isnull=True).update(
        used_at=timezone.now()
    )
    record(actor, "exam.form_drawn", exam_week, data={"form": str(form.uuid), "items": len(chosen)})
    return form
