from django.contrib import admin

from tarjotin.sources.harvest.dedupe import confirm
from tarjotin.sources.models import DuplicatePair, ImportRun, QuarantinedRecord, ScopeRelease
from tarjotin.sources.scope import OUT_OF_SCOPE, release


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = (
        "source_system",
        "source_name",
        "started_at",
        "imported_count",
        "quarantined_count",
    )


class ScopeDecision(admin.SimpleListFilter):
    title = "decision"
    parameter_name = "decision"

    def lookups(self, request, model_admin):
        return [("scope", "Outside the tray's scope"), ("other", "Other reasons")]

    def queryset(self, request, queryset):
        if self.value() == "scope":
            return queryset.filter(reason__startswith=OUT_OF_SCOPE)
        if self.value() == "other":
            return queryset.exclude(reason__startswith=OUT_OF_SCOPE)
        return queryset


@admin.register(QuarantinedRecord)
class QuarantinedRecordAdmin(admin.ModelAdmin):
    list_display = ("table", "row_number", "record_id", "reason", "import_run", "resolved_at")
    list_filter = (ScopeDecision, "table", "import_run__source_system")
    search_fields = ("record_id", "reason")
    actions = ["release_into_the_tray"]

    @admin.action(description="Release into the tray (it belongs there after all)")
    def release_into_the_tray(self, request, queryset):
        released = release(queryset, request.user.get_username())
        self.message_user(
            request,
            f"{released} record(s) released: they come into the tray with the next full "
            "harvest of their source. Records quarantined for other reasons were left as they are.",
        )


@admin.register(ScopeRelease)
class ScopeReleaseAdmin(admin.ModelAdmin):
    list_display = ("source_system", "record_id", "released_by", "released_at")
    list_filter = ("source_system",)


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
