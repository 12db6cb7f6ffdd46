from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "tarjotin.catalogue"
    label = "catalogue"
    verbose_name = "Catalogue"

    def ready(self):
        from django.db.models.signals import post_migrate

        from tarjotin.catalogue.taxonomies import load_shipped_taxonomies

        post_migrate.connect(load_shipped_taxonomies, sender=self)
