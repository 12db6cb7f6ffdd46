from django.urls import path

from tarjotin.web import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("service/<uuid:service_id>/", views.service, name="service"),
    path("service/<uuid:service_id>/report/", views.report, name="report"),
    path("list/", views.list_page, name="list"),
    path("list/<str:action>/", views.list_change, name="list_change"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("embed/", views.embed, name="embed"),
    path("accessibility-statement/", views.statement, name="statement"),
]
