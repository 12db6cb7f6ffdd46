"""Who a staff member is, asked by every app: roles, moderators, the managers' figures.

Three things make a role: a ``StaffRole`` on the professional side (professional, link worker,
a receiving service's contact, manager, administrator), membership of an organization whose
services one edits (``publishing.Membership``: editor, or main user who invites editors) and the
moderators group. "Manager" means only the indicators role; the organization's inviting editor
is its main user.
"""

from django.conf import settings

from tarjotin.staff.models import StaffRole

Role = StaffRole.Role


def roles(user) -> set[str]:
    """The user's professional-side roles, read once per request."""
    if not user.is_authenticated:
        return set()
    if not hasattr(user, "_tarjotin_roles"):
        user._tarjotin_roles = set(user.staff_roles.values_list("role", flat=True))
    return user._tarjotin_roles


def has_role(user, *wanted: str) -> bool:
    return bool(roles(user) & set(wanted))


def is_staff_member(user) -> bool:
    """Anyone with a professional-side role (they use /pro/, not the editors' pages)."""
    return bool(roles(user))


def receiving_organizations(user) -> list:
    return list(
        user.staff_roles.filter(role=Role.RECEIVER).values_list("organization_id", flat=True)
    )


def is_moderator(user) -> bool:
    return user.is_authenticated and (
        user.is_superuser or user.groups.filter(name=settings.MODERATORS_GROUP).exists()
    )


def may_see_indicators(user) -> bool:
    """Managers and administrators see the figures (never a referral)."""
    return user.is_authenticated and (
        user.is_superuser or has_role(user, Role.MANAGER, Role.ADMINISTRATOR)
    )
