from django.apps import AppConfig


class SourcesConfig(AppConfig):
    name = "tarjotin.sources"
    label = "sources"
    verbose_name = "Sources and imports"
