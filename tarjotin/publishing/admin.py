from django.contrib import admin

from tarjotin.publishing.models import (
    ErrorReport,
    Invitation,
    Membership,
    PublishingRights,
    ServiceVersion,
)


@admin.register(ErrorReport)
class ErrorReportAdmin(admin.ModelAdmin):
    list_display = ("service", "created_at", "status", "language")
    list_filter = ("status", "language")
    readonly_fields = ("service", "message", "reply_email", "language", "created_at")


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "organization", "role", "language")
    list_filter = ("role",)
    raw_id_fields = ("user", "organization")


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("email", "organization", "role", "created_at", "accepted_at")
    exclude = ("token_hash",)
    raw_id_fields = ("organization", "invited_by")


@admin.register(PublishingRights)
class PublishingRightsAdmin(admin.ModelAdmin):
    list_display = ("organization", "trusted")
    raw_id_fields = ("organization",)


@admin.register(ServiceVersion)
class ServiceVersionAdmin(admin.ModelAdmin):
    list_display = ("service", "number", "state", "author", "created_at")
    list_filter = ("state",)
    readonly_fields = ("service", "number", "content", "author", "created_at")
