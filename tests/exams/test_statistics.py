import pytest

from exams import io, services
from exams.enums import Part
from exams.models import Item
from exams.statistics import grader_agreement, item_statistics, point_biserial
from tests.factories.exams import approved_candidate, registered

pytestmark = pytest.mark.django_db


def test_point_biserial_of_a_perfectly_discriminating_item():
    assert round(point_biserial([1, 1, 0, 0], [10, 9, 3, 2]), 3) == 0.990
    assert point_biserial([1, 1, 1], [3, 4, 5]) is None


def sit(approval, week, right_positions):
    mc = registered(approval, week).sittings.get(part=Part.MC)
    services.start(mc, actor=approval.candidate)
    mc.refresh_from_db()
    items = {i.pk: i for i in Item.objects.filter(pk__in=mc.item_order)}
    for position, item_id in enumerate(mc.item_order, start=1):
        key = items[item_id].key
        wrong = (key + 1) % 4
        bank_choice = key if items[item_id].area.position in right_positions else wrong
        shown = mc.option_orders[str(item_id)].index(bank_choice)
        services.save_answer(mc, position, choice=shown, actor=approval.candidate)
    services.submit(mc, actor=approval.candidate)
    return mc


def test_item_statistics_difficulty_distractors_and_flags(association, week, exam_bank):
    a = approved_candidate(association, "IMHM-C")
    b = approved_candidate(association, "IMHM-P")
    sit(a, week, right_positions=set(range(0, 20)))  # every item right
    sit(b, week, right_positions={1})  # only the first area right
    rows = {r.item.area.position: r for r in item_statistics(week)}
    assert len(rows) == 11
    first, other = rows[1], rows[2]
    assert (first.n, first.difficulty) == (2, 1.0)
    assert other.difficulty == 0.5
    assert other.point_biserial == 1.0
    assert sum(count for _, count, _ in other.options) == 2
    assert [key for _, _, key in other.options].count(True) == 1
    assert "Almost everyone answers it: it tells little." in first.flags


def test_grader_agreement_without_essays(week):
    found = grader_agreement(week)
    assert (found.pairs, found.agreement, found.average_gap, found.thirds) == (0, None, None, 0)


def test_json_import_rows_and_export_round_trip(catalog, exam_bank):
    text = io.export(Item.objects.all()[:2], "json")
    rows = io.parse(text, "json")
    assert [r.errors for r in rows] == [[], []]
    made = io.import_rows(rows, actor=None)
    assert [m.stem for m in made] == [r.values["stem"] for r in rows]
    with pytest.raises(services.ExamError, match="not JSON"):
        io.parse("{oops", "json")
    bad = io.parse('[{"family": "infant", "area": "reflection", "stem": "", "key": "A"}]', "json")
    assert bad[0].errors == ["The stem is empty.", "An item has four options, none empty."]
