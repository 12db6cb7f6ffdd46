from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "tarjotin.api"
    label = "api"
    verbose_name = "HSDA API"
