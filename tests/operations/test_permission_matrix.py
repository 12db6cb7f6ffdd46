"""Every role against every URL: allowed, or refused (302 to the login page, 403, 404) — and
never a server error. Referral pages have their finer matrix in
tarjotin/referrals/tests/test_access.py; this one covers the whole site."""

import pytest
from django.contrib.auth.models import Group, User
from django.urls import URLResolver, get_resolver

from tarjotin.catalogue import models as m
from tarjotin.publishing.content import snapshot
from tarjotin.publishing.models import Membership, ServiceVersion
from tarjotin.referrals import services as referral_services
from tarjotin.staff.models import StaffRole

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "resident", "editor", "moderator", "professional", "link_worker",
         "receiver", "manager", "administrator"]  # fmt: skip
STAFF = {"professional", "link_worker", "receiver", "manager", "administrator"}
OPEN, LOGIN, STAFF_ONLY, MANAGERS = "open", "login", "staff", "managers"
ADMIN, REFERRAL, EDITORS, BAD_TOKEN = "admin", "referral", "editors", "bad token"
MODERATORS, MEMBERS, SSO_OFF = "moderators", "members", "sso off"
# Path template -> who may: every named URL of the site is here (the test checks).
RULES = {
    "/healthz": OPEN, "/readyz": OPEN,
    "/api/hsda/": OPEN, "/api/hsda/openapi.json": OPEN, "/api/hsda/services": OPEN,
    "/api/hsda/services/{service}": OPEN, "/api/hsda/organizations": OPEN,
    "/api/hsda/organizations/{organization}": OPEN, "/api/hsda/service_at_locations": OPEN,
    "/api/hsda/service_at_locations/{sal}": OPEN, "/api/hsda/taxonomies": OPEN,
    "/api/hsda/taxonomies/{taxonomy}": OPEN, "/api/hsda/taxonomy_terms": OPEN,
    "/api/hsda/taxonomy_terms/{term}": OPEN, "/api/search/compact": OPEN, "/api/stats": OPEN,
    "/api/search": OPEN,
    "/manage/": LOGIN, "/manage/login/": OPEN, "/manage/service/{service}/": EDITORS,
    "/manage/service/{service}/history/": EDITORS, "/manage/review/": MODERATORS,
    "/manage/review/{version}/": MODERATORS, "/manage/review/scope/": MODERATORS,
    "/manage/inbox/": LOGIN, "/manage/invite/": MODERATORS,
    "/manage/review/requests/": MODERATORS, "/manage/request-access/": OPEN,
    "/manage/upload/": MEMBERS, "/manage/upload/template.xlsx": LOGIN,
    "/manage/accept/not-a-token/": BAD_TOKEN, "/manage/confirm/not-a-token/": BAD_TOKEN,
    "/pro/": STAFF_ONLY, "/pro/guide/culture/": STAFF_ONLY, "/pro/search/?q=uinti": STAFF_ONLY,
    "/pro/picked/": STAFF_ONLY, "/pro/referral/{referral}/": REFERRAL,
    "/pro/referral/{referral}/edit/": REFERRAL, "/pro/referral/{referral}/record.txt": REFERRAL,
    "/pro/referral/{referral}/fhir.json": REFERRAL,
    "/pro/referral/{referral}/client-data.json": REFERRAL,
    "/lahete/not-a-token/": BAD_TOKEN,
    "/pro/indicators/": MANAGERS, "/pro/indicators/export.csv": MANAGERS,
    "/statistics/": OPEN, "/feedback/": OPEN, "/": OPEN, "/search/?q=uinti": OPEN,
    "/service/{service}/": OPEN, "/service/{service}/report/": OPEN, "/list/": OPEN,
    "/accessibility/": OPEN, "/embed/": OPEN, "/accessibility-statement/": OPEN,
    "/oidc/authenticate/": SSO_OFF, "/oidc/callback/": SSO_OFF,
    "/admin/": ADMIN, "/admin/referrals/auditevent/": ADMIN, "/admin/catalogue/service/": ADMIN,
}  # fmt: skip
# Named URLs that only take POST (forms); GET is refused with 405 or a redirect.
POST_ONLY = {"logout", "new", "archive", "revert", "pick", "transition", "claim", "session",
             "measure", "client_link", "fhir_push", "list_change", "withdraw"}  # fmt: skip


def _named_urls(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace != "admin":
                yield from _named_urls(pattern.url_patterns, pattern.namespace or namespace)
        elif pattern.name:
            yield pattern.name


@pytest.fixture
def people(db):
    organization = m.Organization.objects.create(name={"fi": "Matriisiseura ry"},
                                                 source_system="tarjotin")  # fmt: skip
    users = {}
    for role in ROLES[1:]:
        users[role] = User.objects.create_user(f"{role}@example.org", f"{role}@example.org",
                                               "salasana-123")  # fmt: skip
    Membership.objects.create(user=users["editor"], organization=organization)
    users["moderator"].groups.add(Group.objects.get(name="moderators"))
    for role in STAFF:
        unit = organization if role == "receiver" else None
        StaffRole.objects.create(user=users[role], role=role, organization=unit)
    users["administrator"].is_staff = users["administrator"].is_superuser = True
    users["administrator"].save()
    return users, organization


def _values(people) -> dict:
    users, organization = people
    service = m.Service.objects.create(organization=organization, name={"fi": "Matriisipalvelu"},
                                       status="active", source_system="tarjotin")  # fmt: skip
    version = ServiceVersion.objects.create(service=service, number=1, content=snapshot(service),
                                            state="pending_review")  # fmt: skip
    demo_service = m.Service.objects.filter(source_system="demo").first()
    referral = referral_services.create_draft(users["professional"], [str(demo_service.id)])
    return {
        "service": service.id, "organization": organization.id,
        "sal": m.ServiceAtLocation.objects.first().id, "taxonomy": m.Taxonomy.objects.first().id,
        "term": m.TaxonomyTerm.objects.first().id, "version": version.id, "referral": referral.id,
    }  # fmt: skip


def expected(rule: str, role: str) -> set[int]:
    anonymous = role == "anonymous"
    if rule == OPEN:
        return {200}
    if rule == SSO_OFF:  # single sign-on is not configured in the tests' settings
        return {404}
    if rule == BAD_TOKEN:  # a page that says the link does not work (anyone may open it)
        return {200, 404}
    if rule == ADMIN:
        return {200} if role == "administrator" else {302}
    if anonymous:
        return {302}
    if rule == LOGIN:
        return {200, 302}  # a professional's /manage/ leads to the workbench
    if rule == MEMBERS:  # an organization's editors, moderators and superusers
        return {200} if role in {"editor", "moderator", "administrator"} else {403}
    if rule == MODERATORS:  # moderators and superusers
        return {200} if role in {"moderator", "administrator"} else {403}
    if rule == EDITORS:  # the organization's editors, moderators and superusers
        return {200} if role in {"editor", "moderator", "administrator"} else {404}
    if rule == STAFF_ONLY:
        return {200} if role in STAFF else {403}
    if rule == MANAGERS:
        return {200} if role in {"manager", "administrator"} else {403}
    if rule == REFERRAL:  # a draft: only its referrer, the professional, sees it
        if role not in STAFF:
            return {403}
        return {200} if role == "professional" else {404}
    raise AssertionError(rule)


def test_every_named_url_is_in_the_matrix():
    covered = {"healthz", "readyz", "root", "openapi", "services", "service", "organizations",
               "organization", "service_at_locations", "service_at_location", "taxonomies",
               "taxonomy", "taxonomy_terms", "taxonomy_term", "search-compact", "open-data",
               "search", "dashboard", "login", "edit", "history", "queue", "review", "scope",
               "access_requests", "request_access",
               "inbox",
               "invite", "upload", "upload_template", "accept", "confirm", "workbench", "guide",
               "picked", "detail", "record", "fhir", "client_data", "client", "export",
               "statistics", "feedback", "home", "report", "list", "accessibility", "embed",
               "statement", "oidc_authentication_init",
               "oidc_authentication_callback"}  # fmt: skip
    assert set(_named_urls(get_resolver().url_patterns)) <= covered | POST_ONLY


@pytest.mark.parametrize("role", ROLES)
def test_every_role_against_every_url(client, people, role):
    values = _values(people)
    users, _organization = people
    if role != "anonymous":
        client.force_login(users[role])
    for template, rule in RULES.items():
        path = template.format(**values)
        status = client.get(path).status_code
        assert status in expected(rule, role), (role, path, status)


# State-changing requests (security audit: "a role × URL × method matrix that includes
# POST/PUT/DELETE on every state-changing endpoint and the admin"). Forms take POST at their own
# URLs (RULES); these take only POST.
POST_RULES = {
    "/manage/service/new/": MEMBERS, "/manage/service/{service}/archive/": EDITORS,
    "/manage/version/{version}/revert/": EDITORS, "/pro/picked/add/": STAFF_ONLY,
    "/pro/referral/new/": STAFF_ONLY, "/pro/referral/{referral}/state/": REFERRAL,
    "/pro/referral/{referral}/claim/": REFERRAL, "/pro/referral/{referral}/withdraw/": REFERRAL,
    "/pro/referral/{referral}/session/": REFERRAL, "/pro/referral/{referral}/measure/": REFERRAL,
    "/pro/referral/{referral}/client-link/": REFERRAL,
    "/pro/referral/{referral}/fhir-push/": REFERRAL, "/list/add/": OPEN,
}  # fmt: skip
REFUSED = {302, 403, 404, 405}


def _refused(response) -> bool:
    """Refused without doing anything: a 302 only to a login page."""
    if response.status_code == 302:
        return "login" in response["Location"] or "/admin/" in response["Location"]
    return response.status_code in REFUSED


@pytest.mark.parametrize("role", ROLES)
def test_every_role_posting_to_every_url_is_refused_where_it_may_not_read_and_never_a_500(
    client, people, role
):
    values = _values(people)
    users, _organization = people
    if role != "anonymous":
        client.force_login(users[role])
    for template, rule in {**RULES, **POST_RULES}.items():
        path = template.format(**values)
        answer = client.post(path, {})
        assert answer.status_code < 500, (role, path, answer.status_code)
        may = 200 in expected(rule, role) or rule in {BAD_TOKEN, LOGIN, SSO_OFF}
        assert may or _refused(answer), (role, path, answer.status_code)


@pytest.mark.parametrize("role", ["anonymous", "professional", "moderator", "administrator"])
def test_put_and_delete_are_refused_everywhere_before_any_view(client, people, role):
    values = _values(people)
    users, _organization = people
    if role != "anonymous":
        client.force_login(users[role])
    for template in {**RULES, **POST_RULES}:
        path = template.format(**values)
        for method in (client.put, client.delete):
            answer = method(path)
            assert answer.status_code < 500, (role, method.__name__, path)
            assert answer.status_code == 405, (role, method.__name__, path, answer.status_code)
