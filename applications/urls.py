from django.urls import path

from .views import applicant, sections, staff

app_name = "applications"

urlpatterns = [
    path("", applicant.index, name="index"),
    path("new/", applicant.start, name="start"),
    path("new/<slug:code>/", applicant.register, name="register"),
    path("fit/<slug:code>/", applicant.fit, name="fit"),
    path("staff/<slug:code>/", staff.staff_list, name="staff_list"),
    path("<uuid:uuid>/", applicant.detail, name="detail"),
    path("<uuid:uuid>/registration/", applicant.registration, name="registration"),
    path("<uuid:uuid>/pay/<slug:fee>/", applicant.pay, name="pay"),
    path("<uuid:uuid>/submit/", applicant.submit, name="submit"),
    path("<uuid:uuid>/withdraw/", applicant.withdraw, name="withdraw"),
    path("<uuid:uuid>/revise/", applicant.revise, name="revise"),
    path("<uuid:uuid>/status/", applicant.status, name="status"),
    path("<uuid:uuid>/documents/<uuid:document>/", applicant.document, name="document"),
    path(
        "<uuid:uuid>/documents/<uuid:document>/delete/",
        sections.delete_document,
        name="delete_document",
    ),
    path("<uuid:uuid>/comments/", sections.comment, name="comment"),
    path("<uuid:uuid>/training/import/", sections.training_import, name="training_import"),
    path("<uuid:uuid>/rsc/provides/", sections.provides_rsc, name="provides_rsc"),
    path("<uuid:uuid>/competencies/<slug:area>/", sections.narrative, name="narrative"),
    path("<uuid:uuid>/sign/<slug:kind>/", sections.sign, name="sign"),
    path("<uuid:uuid>/rows/<slug:kind>/", sections.add_row, name="add_row"),
    path(
        "<uuid:uuid>/rows/<slug:kind>/check/<slug:field>/",
        sections.check_field,
        name="check_field",
    ),
    path("<uuid:uuid>/rows/<slug:kind>/<uuid:row>/", sections.edit_row, name="edit_row"),
    path("<uuid:uuid>/rows/<slug:kind>/<uuid:row>/show/", sections.show_row, name="show_row"),
    path(
        "<uuid:uuid>/rows/<slug:kind>/<uuid:row>/delete/",
        sections.delete_row,
        name="delete_row",
    ),
    path("<uuid:uuid>/rows/<slug:kind>/<uuid:row>/upload/", sections.upload, name="upload"),
    path("<uuid:uuid>/manage/", staff.manage, name="manage"),
    path("<uuid:uuid>/manage/approve/", staff.approve, name="approve"),
    path("<uuid:uuid>/manage/advisor/", staff.assign_advisor, name="assign_advisor"),
    path("<uuid:uuid>/manage/transcript/", staff.attach_transcript, name="attach_transcript"),
    path("<uuid:uuid>/<slug:section>/", sections.section, name="section"),
]
