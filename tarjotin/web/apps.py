from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "tarjotin.web"
    verbose_name = "Resident web service"
