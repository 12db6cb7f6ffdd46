from django.urls import path

from tarjotin.referrals import views

app_name = "referrals"
urlpatterns = [
    path("pro/", views.workbench, name="workbench"),
    path("pro/guide/<slug:slug>/", views.guide, name="guide"),
    path("pro/search/", views.search, name="search"),
    path("pro/picked/", views.picked, name="picked"),
    path("pro/picked/<str:action>/", views.pick, name="pick"),
    path("pro/referral/new/", views.new_referral, name="new"),
    path("pro/referral/<uuid:referral_id>/", views.detail, name="detail"),
    path("pro/referral/<uuid:referral_id>/edit/", views.edit, name="edit"),
    path("pro/referral/<uuid:referral_id>/state/", views.transition, name="transition"),
    path("pro/referral/<uuid:referral_id>/claim/", views.claim, name="claim"),
    path("pro/referral/<uuid:referral_id>/withdraw/", views.withdraw, name="withdraw"),
    path("pro/referral/<uuid:referral_id>/session/", views.add_session, name="session"),
    path("pro/referral/<uuid:referral_id>/measure/", views.measure, name="measure"),
    path("pro/referral/<uuid:referral_id>/client-link/", views.client_link, name="client_link"),
    path("pro/referral/<uuid:referral_id>/record.txt", views.record_text, name="record"),
    path("pro/referral/<uuid:referral_id>/fhir.json", views.fhir_bundle, name="fhir"),
    path("pro/referral/<uuid:referral_id>/fhir-push/", views.fhir_push, name="fhir_push"),
    path("pro/referral/<uuid:referral_id>/client-data.json", views.client_data, name="client_data"),
    # The client's own page: the token is the only key (no personal data in the URL).
    path("lahete/<str:token>/", views.client_page, name="client"),
]
