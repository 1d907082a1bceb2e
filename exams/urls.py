from django.urls import path

from .views import bank, candidate, grader, sitting, staff

app_name = "exams"

urlpatterns = [
    path("", candidate.home, name="home"),
    path("a/<uuid:uuid>/", candidate.approval, name="approval"),
    path("r/<uuid:uuid>/", candidate.registration, name="registration"),
    path("s/<uuid:uuid>/", sitting.sitting, name="sitting"),
    path("s/<uuid:uuid>/start/", sitting.start, name="start"),
    path("s/<uuid:uuid>/answer/", sitting.answer, name="answer"),
    path("s/<uuid:uuid>/submit/", sitting.submit, name="submit"),
    path("s/<uuid:uuid>/clock/", sitting.clock, name="clock"),
    path("grading/", grader.gradings, name="gradings"),
    path("grading/<uuid:uuid>/", grader.grade, name="grade"),
    path("staff/<slug:code>/", staff.overview, name="staff"),
    path("staff/<slug:code>/settings/", staff.exam_settings, name="staff_settings"),
    path("staff/<slug:code>/approvals/<uuid:uuid>/extend/", staff.extend, name="staff_extend"),
    path("staff/<slug:code>/approvals/<uuid:uuid>/renewal/", staff.renewal, name="staff_renewal"),
    path(
        "staff/<slug:code>/accommodations/<uuid:uuid>/",
        staff.accommodation,
        name="staff_accommodation",
    ),
    path("staff/<slug:code>/retakes/<uuid:uuid>/", staff.retake, name="staff_retake"),
    path("staff/<slug:code>/essays/<uuid:uuid>/confirm/", staff.confirm, name="staff_confirm"),
    path("staff/<slug:code>/essays/<uuid:uuid>/assign/", staff.assign, name="staff_assign"),
    path("staff/<slug:code>/weeks/<uuid:uuid>/code/", staff.start_code, name="staff_start_code"),
    path("bank/", bank.bank, name="bank"),
    path("bank/items/new/", bank.item, name="item_new"),
    path("bank/items/<uuid:uuid>/", bank.item, name="item"),
    path("bank/vignettes/new/", bank.vignette, name="vignette_new"),
    path("bank/vignettes/<uuid:uuid>/", bank.vignette, name="vignette"),
    path("bank/blueprints/<slug:family>/<slug:mentors>/", bank.blueprint, name="blueprint"),
    path("bank/import/", bank.import_items, name="import"),
    path("bank/export.<str:fmt>", bank.export_items, name="export"),
    path("bank/statistics/<uuid:uuid>/", bank.week_statistics, name="statistics"),
]
