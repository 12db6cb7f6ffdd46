"""The audit log of referrals: who viewed, changed or exported what, and when.

Details name actions and states, never personal data. Rows are only ever added (the model
refuses updates and deletes; the admin shows them read-only).
"""

from tarjotin.referrals.models import AuditEvent


def record(user, action: str, referral=None, detail: str = "") -> None:
    AuditEvent.objects.create(
        actor=user if user is not None and user.is_authenticated else None,
        actor_name=user.get_username() if user is not None and user.is_authenticated else "-",
        action=action,
        referral_id=getattr(referral, "id", referral),
        detail=detail[:200],
    )
