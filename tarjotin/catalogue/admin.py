from django.contrib import admin

from tarjotin.catalogue import models


@admin.register(models.Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ("__str__", "organization_type", "publication_status", "source_system")
    list_filter = ("organization_type", "publication_status", "source_system")


@admin.register(models.Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ("__str__", "status", "publication_status", "source_system", "last_modified")
    list_filter = ("status", "publication_status", "source_system")
    raw_id_fields = ("organization", "program")


@admin.register(models.Location)
class LocationAdmin(admin.ModelAdmin):
    list_display = ("__str__", "location_type", "municipality_code", "publication_status")
    list_filter = ("location_type", "municipality_code", "publication_status")


for model in (models.Taxonomy, models.TaxonomyTerm):
    admin.site.register(model)
