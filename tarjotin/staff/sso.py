"""Staff single sign-on with OpenID Connect (Entra ID, Keycloak, …) via mozilla-django-oidc.

On when TARJOTIN_OIDC_CLIENT_ID is set. A staff member is found by the email the identity
provider vouches for (``email_verified``; TARJOTIN_OIDC_REQUIRE_EMAIL_VERIFIED=false for a
provider that vouches for every address it sends but does not say so), never one of the
site's administrator accounts (superuser or Django-admin staff), created on first login, and
gets the roles the provider lists in its roles claim (``tarjotin-professional``,
``tarjotin-link_worker``, ``tarjotin-manager``, ``tarjotin-administrator``). Receivers are
tied to an organization and stay managed in the admin. Local accounts keep working beside it
for small deployments.
"""

from django.conf import settings
from django.db.models import Q
from django.http import Http404
from django.urls import reverse
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from tarjotin.staff.models import StaffRole

PROVIDED_ROLES = {StaffRole.Role.PROFESSIONAL, StaffRole.Role.LINK_WORKER,
                  StaffRole.Role.MANAGER, StaffRole.Role.ADMINISTRATOR}  # fmt: skip


class StaffOIDCBackend(OIDCAuthenticationBackend):
    def verify_claims(self, claims) -> bool:
        """A verified email that is not an administrator's: a provider that lets people set
        their own address must not hand them a local superuser."""
        if not super().verify_claims(claims):
            return False
        if settings.OIDC_REQUIRE_EMAIL_VERIFIED and claims.get("email_verified") is not True:
            return False
        administrators = self.UserModel.objects.filter(Q(is_superuser=True) | Q(is_staff=True))
        return not administrators.filter(email__iexact=claims.get("email", "")).exists()

    def create_user(self, claims):
        email = claims.get("email", "")
        user = self.UserModel.objects.create_user(username=email, email=email)
        return self.update_user(user, claims)

    def update_user(self, user, claims):
        user.first_name = claims.get("given_name", "")[:150]
        user.last_name = claims.get("family_name", "")[:150]
        user.save(update_fields=["first_name", "last_name"])
        self._sync_roles(user, claims.get(settings.OIDC_ROLES_CLAIM, []) or [])
        return user

    def _sync_roles(self, user, values) -> None:
        prefix = settings.OIDC_ROLE_PREFIX
        wanted = {v.removeprefix(prefix) for v in values if v.startswith(prefix)} & PROVIDED_ROLES
        held = set(user.staff_roles.filter(organization=None).values_list("role", flat=True))
        for role in wanted - held:
            StaffRole.objects.create(user=user, role=role)
        user.staff_roles.filter(
            organization=None, role__in=(held - wanted) & PROVIDED_ROLES
        ).delete()


def _enabled(view):
    def guarded(request, *args, **kwargs):
        if not settings.OIDC_ENABLED:
            raise Http404  # single sign-on is not configured on this site
        return view(request, *args, **kwargs)

    return guarded


class StaffCallbackView(OIDCAuthenticationCallbackView):
    """The provider's answer. A failure goes back to the staff login page (the library would
    redirect to the setting's text literally); an ``error`` answer signs no one out, so that a
    link from another site to ``/oidc/callback/?error=x`` cannot log staff out."""

    @property
    def failure_url(self) -> str:
        return reverse("staff:login")

    def get(self, request):
        if not request.GET.get("error"):
            return super().get(request)
        states = request.session.get("oidc_states", {})
        if request.GET.get("state") in states:
            del states[request.GET["state"]]  # a state is used once, failed or not
            request.session.save()
        return self.login_failure()


authenticate = _enabled(OIDCAuthenticationRequestView.as_view())
callback = _enabled(StaffCallbackView.as_view())
