"""Staff administration: roles and referral-accepting services are managed here; the audit log
is read-only. Referrals themselves are not shown in the admin: personal data is seen only by
the people a referral concerns, through the workbench."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from tarjotin.referrals.models import AuditEvent, ReferralAcceptance
from tarjotin.staff.models import StaffRole


@admin.register(StaffRole)
class StaffRoleAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "organization"]
    list_filter = ["role"]
    raw_id_fields = ["user", "organization"]


def _receivers(service) -> list[str]:
    roles = StaffRole.objects.filter(role=StaffRole.Role.RECEIVER, user__is_active=True,
                                     organization_id=service.organization_id)  # fmt: skip
    return [role.user.email for role in roles.select_related("user") if role.user.email]


class ReferralAcceptanceForm(forms.ModelForm):
    class Meta:
        model = ReferralAcceptance
        fields = ["service", "instructions"]

    def clean_service(self):
        """A service is marked as accepting only when somebody will receive its referrals."""
        service = self.cleaned_data["service"]
        if not _receivers(service):
            raise forms.ValidationError(
                _(
                    "Nobody receives referrals for this service's organization. Give someone the "
                    "role “Contact of a receiving service” for the organization first."
                )  # fmt: skip
            )
        return service


@admin.register(ReferralAcceptance)
class ReferralAcceptanceAdmin(admin.ModelAdmin):
    form = ReferralAcceptanceForm
    list_display = ["service", "received_by"]
    raw_id_fields = ["service"]

    @admin.display(description=_("received by"))
    def received_by(self, acceptance):
        return ", ".join(_receivers(acceptance.service)) or _("nobody: referrals are refused")


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
