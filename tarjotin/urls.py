from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from tarjotin.api.search import SearchView
from tarjotin.health import healthz, readyz
from tarjotin.indicators.views import open_data
from tarjotin.staff import sso
from tarjotin.staff.throttle import ThrottledAdminAuthenticationForm
from tarjotin.web.views import compact_search

admin.site.login_form = ThrottledAdminAuthenticationForm  # the same throttle as every login

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("admin/", admin.site.urls),
    path("oidc/authenticate/", sso.authenticate, name="oidc_authentication_init"),
    path("oidc/callback/", sso.callback, name="oidc_authentication_callback"),
    path("api/hsda/", include("tarjotin.api.urls")),
    path("api/search/compact", compact_search, name="search-compact"),
    path("api/stats", open_data, name="open-data"),
    path("api/search", SearchView.as_view(), name="search"),
]
# Resident pages: Finnish at /, Swedish at /sv/, English at /en/ (a link can be shared as is).
urlpatterns += i18n_patterns(
    path("manage/", include("tarjotin.staff.urls")),
    path("manage/", include("tarjotin.publishing.urls")),
    path("", include("tarjotin.referrals.urls")),
    path("", include("tarjotin.indicators.urls")),
    path("", include("tarjotin.web.urls")),
    prefix_default_language=False,
)

handler404 = "tarjotin.api.errors.not_found"
handler500 = "tarjotin.api.errors.server_error"
