from django.contrib import admin

from tarjotin.sources.harvest.dedupe import confirm
from tarjotin.sources.models import DuplicatePair, ImportRun, QuarantinedRecord


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


@admin.register(DuplicatePair)
class DuplicatePairAdmin(admin.ModelAdmin):
    list_display = ("kept", "duplicate", "score", "status", "created_at")
    list_filter = ("status",)
    readonly_fields = ("kept", "duplicate", "score", "reasons", "created_at", "decided_at")
    actions = ["same_service", "not_the_same"]

    @admin.action(description="Confirm: the same service (merge)")
    def same_service(self, request, queryset):
        for pair in queryset.filter(status=DuplicatePair.Status.PROPOSED):
            confirm(pair, same=True)

    @admin.action(description="Reject: not the same service")
    def not_the_same(self, request, queryset):
        for pair in queryset.filter(status=DuplicatePair.Status.PROPOSED):
            confirm(pair, same=False)
