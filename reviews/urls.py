from django.urls import path

from .views import applicant, coordinator, queue, reports, reviewer

app_name = "reviews"

urlpatterns = [
    path("queue/<slug:code>/", queue.queue, name="queue"),
    path("queue/<slug:code>/export.csv", queue.export, name="export"),
    path("queue/<slug:code>/filters/", queue.save_filter, name="save_filter"),
    path(
        "queue/<slug:code>/filters/<uuid:uuid>/delete/",
        queue.delete_filter,
        name="delete_filter",
    ),
    path("reviewers/<slug:code>/", coordinator.reviewer_pool, name="pool"),
    path(
        "reviewers/<slug:code>/<uuid:user>/", coordinator.reviewer_profile, name="reviewer_profile"
    ),
    path("application/<uuid:uuid>/", coordinator.application_detail, name="application"),
    path("application/<uuid:uuid>/accept/", coordinator.accept, name="accept"),
    path("application/<uuid:uuid>/return/", coordinator.return_application, name="return"),
    path("application/<uuid:uuid>/assign/", coordinator.assign, name="assign"),
    path("application/<uuid:uuid>/decide/", coordinator.decide, name="decide"),
    path(
        "application/<uuid:uuid>/reviews/<uuid:review>/due/",
        coordinator.change_due_date,
        name="due_date",
    ),
    path("reports/alliance/", reports.alliance_report, name="alliance_report"),
    path(
        "reports/alliance/<slug:section>.csv",
        reports.alliance_report_csv,
        name="alliance_report_csv",
    ),
    path("reports/<slug:code>/", reports.report, name="report"),
    path("reports/<slug:code>/<slug:section>.csv", reports.report_csv, name="report_csv"),
    path("mine/", reviewer.mine, name="mine"),
    path("r/<uuid:uuid>/", reviewer.review_detail, name="review"),
    path("r/<uuid:uuid>/decline/", reviewer.decline, name="decline"),
    path("r/<uuid:uuid>/packet/", reviewer.packet_page, name="packet"),
    path("r/<uuid:uuid>/packet.pdf", reviewer.packet_pdf, name="packet_pdf"),
    path("r/<uuid:uuid>/documents/<uuid:document>/", reviewer.document, name="document"),
    path("decision/<uuid:uuid>/", applicant.decision, name="decision"),
]
