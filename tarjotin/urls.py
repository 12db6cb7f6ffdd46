from django.contrib import admin
from django.urls import include, path

from tarjotin.catalogue.views import home

urlpatterns = [
    path("", home, name="home"),
    path("admin/", admin.site.urls),
    path("api/hsda/", include("tarjotin.api.urls")),
    path("api/search", include("tarjotin.search.urls")),
]

handler404 = "tarjotin.api.errors.not_found"
handler500 = "tarjotin.api.errors.server_error"
