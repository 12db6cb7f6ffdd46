"""Staff administration: roles and referral-accepting services are managed here; the audit log
is read-only. Referrals themselves are not shown in the admin: personal data is seen only by
the people a referral concerns, through the workbench."""

from django.contrib import admin

from tarjotin.referrals.models import AuditEvent, ReferralAcceptance, StaffRole


@admin.register(StaffRole)
class StaffRoleAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "organization"]
    list_filter = ["role"]
    raw_id_fields = ["user", "organization"]


@admin.register(ReferralAcceptance)
class ReferralAcceptanceAdmin(admin.ModelAdmin):
    list_display = ["service"]
    raw_id_fields = ["service"]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["at", "actor_name", "action", "referral_id", "detail"]
    list_filter = ["action"]
    search_fields = ["actor_name", "referral_id"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
