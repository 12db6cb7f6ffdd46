from django.urls import path, re_path

from tarjotin.indicators import views

app_name = "indicators"
urlpatterns = [
    path("pro/indicators/", views.dashboard, name="dashboard"),
    re_path(r"^pro/indicators/export\.(?P<kind>csv|xlsx|json)$", views.export, name="export"),
    path("statistics/", views.statistics_page, name="statistics"),
    path("feedback/", views.feedback, name="feedback"),
]
