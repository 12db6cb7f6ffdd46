from django.urls import path
from drf_spectacular.views import SpectacularJSONAPIView

from tarjotin.api import views

app_name = "hsda"
urlpatterns = [
    path("", views.ApiRootView.as_view(), name="root"),
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="openapi"),
    path("services", views.ServiceListView.as_view(), name="services"),
    path("services/<uuid:id>", views.ServiceDetailView.as_view(), name="service"),
    path("organizations", views.OrganizationListView.as_view(), name="organizations"),
    path("organizations/<uuid:id>", views.OrganizationDetailView.as_view(), name="organization"),
    path(
        "service_at_locations",
        views.ServiceAtLocationListView.as_view(),
        name="service_at_locations",
    ),
    path(
        "service_at_locations/<uuid:id>",
        views.ServiceAtLocationDetailView.as_view(),
        name="service_at_location",
    ),
    path("taxonomies", views.TaxonomyListView.as_view(), name="taxonomies"),
    path("taxonomies/<uuid:id>", views.TaxonomyDetailView.as_view(), name="taxonomy"),
    path("taxonomy_terms", views.TaxonomyTermListView.as_view(), name="taxonomy_terms"),
    path("taxonomy_terms/<uuid:id>", views.TaxonomyTermDetailView.as_view(), name="taxonomy_term"),
]
