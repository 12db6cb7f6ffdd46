from django.contrib import admin

from tarjotin.sources.models import ImportRun, QuarantinedRecord


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = (
        "source_system",
        "source_name",
        "started_at",
        "imported_count",
        "quarantined_count",
    )


@admin.register(QuarantinedRecord)
class QuarantinedRecordAdmin(admin.ModelAdmin):
    list_display = ("table", "row_number", "record_id", "reason", "import_run")
    list_filter = ("table",)
