from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "tarjotin.search"
    label = "search"
    verbose_name = "Search"

    def ready(self):
        from tarjotin.search import signals  # noqa: F401  (connects the change log)
