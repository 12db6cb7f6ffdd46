from django.contrib import admin

from tarjotin.publishing.models import ErrorReport


@admin.register(ErrorReport)
class ErrorReportAdmin(admin.ModelAdmin):
    list_display = ("service", "created_at", "status", "language")
    list_filter = ("status", "language")
    readonly_fields = ("service", "message", "reply_email", "language", "created_at")
