from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "tarjotin.indicators"
    verbose_name = _("Indicators")

    def ready(self):
        from tarjotin.indicators import demand

        demand.connect()
