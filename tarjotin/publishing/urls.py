from django.urls import path, re_path

from tarjotin.publishing import views

app_name = "publishing"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("service/new/", views.new_service, name="new"),
    path("service/<uuid:service_id>/", views.edit, name="edit"),
    path("service/<uuid:service_id>/history/", views.history, name="history"),
    path("service/<uuid:service_id>/archive/", views.archive, name="archive"),
    path("version/<uuid:version_id>/revert/", views.revert, name="revert"),
    path("review/", views.queue, name="queue"),
    path("review/scope/", views.scope, name="scope"),
    path("review/requests/", views.access_requests, name="access_requests"),
    path("request-access/", views.request_access, name="request_access"),
    path("review/<uuid:version_id>/", views.review, name="review"),
    path("inbox/", views.inbox, name="inbox"),
    path("invite/", views.invite, name="invite"),
    path("upload/", views.upload, name="upload"),
    re_path(
        r"^upload/template\.(?P<kind>xlsx|csv)$", views.upload_template, name="upload_template"
    ),
    path("accept/<str:token>/", views.accept, name="accept"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
]
