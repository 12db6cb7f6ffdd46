from django.urls import path

from tarjotin.search.views import SearchView

urlpatterns = [path("", SearchView.as_view(), name="search")]
