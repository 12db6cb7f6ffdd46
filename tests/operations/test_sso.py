"""Staff single sign-on against a local OpenID Connect provider on 127.0.0.1: the real
authorization-code flow with state, nonce, an RS256-signed id token checked against the
provider's JWKS, user created on first login and roles taken from the roles claim."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
import pytest
import requests
from cryptography.hazmat.primitives.asymmetric import rsa
from django.contrib.auth.models import User
from django.test import Client

from tarjotin.staff.models import StaffRole

pytestmark = pytest.mark.django_db
CLIENT_ID, CLIENT_SECRET = "tarjotin", "client-secret-for-tests"


class FakeProvider(BaseHTTPRequestHandler):
    """Just enough of an OpenID Connect provider: authorize, token, userinfo, jwks."""

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    codes: dict = {}
    claims: dict = {}
    tamper_nonce = False

    def _json(self, data, status=200):
        body = json.dumps(data).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):  # noqa: N802 (http.server's interface)
        url = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        if url.path == "/authorize":
            code = f"code-{len(self.codes)}"
            FakeProvider.codes[code] = query["nonce"]
            self.send_response(302)
            self.send_header("Location", f"{query['redirect_uri']}?"
                             + urlencode({"code": code, "state": query["state"]}))  # fmt: skip
            self.end_headers()
        elif url.path == "/jwks":
            public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
            self._json({"keys": [{**public, "kid": "test", "alg": "RS256", "use": "sig"}]})
        elif url.path == "/userinfo":
            self._json(self.claims)
        else:
            self._json({"error": "not_found"}, 404)

    def do_POST(self):  # noqa: N802
        form = parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode())
        nonce = self.codes.pop(form["code"][0], None)
        if nonce is None:
            self._json({"error": "invalid_grant"}, 400)
            return
        now = int(time.time())
        id_token = jwt.encode(
            {"iss": "http://127.0.0.1", "aud": CLIENT_ID, "sub": "user-1", "iat": now,
             "exp": now + 300, "nonce": "forged" if self.tamper_nonce else nonce,
             "email": self.claims["email"]},
            self.key, algorithm="RS256", headers={"kid": "test"},
        )  # fmt: skip
        self._json({"access_token": "access-1", "id_token": id_token, "token_type": "Bearer"})

    def log_message(self, *args):
        pass


@pytest.fixture
def provider(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeProvider)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    settings.OIDC_ENABLED = True
    settings.OIDC_RP_CLIENT_ID, settings.OIDC_RP_CLIENT_SECRET = CLIENT_ID, CLIENT_SECRET
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{base}/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{base}/token"
    settings.OIDC_OP_USER_ENDPOINT = f"{base}/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{base}/jwks"
    settings.AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend",
                                        "tarjotin.staff.sso.StaffOIDCBackend"]  # fmt: skip
    FakeProvider.codes, FakeProvider.tamper_nonce = {}, False
    FakeProvider.claims = {
        "email": "hoitaja@hyvinvointialue.fi", "email_verified": True, "given_name": "Hanna",
        "family_name": "Hoitaja", "roles": ["tarjotin-professional", "other"],
    }  # fmt: skip
    yield FakeProvider
    server.shutdown()
    server.server_close()


def _sign_in(client) -> object:
    start = client.get("/oidc/authenticate/")
    assert start.status_code == 302 and start["Location"].startswith("http://127.0.0.1")
    at_provider = requests.get(start["Location"], allow_redirects=False, timeout=5)
    back = urlsplit(at_provider.headers["Location"])
    return client.get(f"{back.path}?{back.query}")


def test_first_login_creates_the_staff_member_with_roles_from_the_provider(client, provider):
    answer = _sign_in(client)
    assert answer.status_code == 302 and "/manage/login/" not in answer["Location"]
    user = User.objects.get(email="hoitaja@hyvinvointialue.fi")
    assert (user.first_name, user.last_name) == ("Hanna", "Hoitaja")
    assert set(user.staff_roles.values_list("role", flat=True)) == {"professional"}
    assert client.get("/pro/").status_code == 200

    # The provider now says manager, not professional: the next login follows it.
    provider.claims["roles"] = ["tarjotin-manager"]
    client.logout()
    _sign_in(client)
    assert set(user.staff_roles.values_list("role", flat=True)) == {"manager"}
    assert User.objects.filter(email="hoitaja@hyvinvointialue.fi").count() == 1


def test_a_forged_nonce_is_refused(client, provider):
    provider.tamper_nonce = True
    answer = _sign_in(client)
    assert answer.status_code == 400  # Django's answer to a SuspiciousOperation
    assert not User.objects.filter(email="hoitaja@hyvinvointialue.fi").exists()
    assert "_auth_user_id" not in client.session


def test_receivers_set_in_the_admin_survive_a_login(client, provider):
    from tarjotin.catalogue.tests.factories import OrganizationFactory

    user = User.objects.create_user("hoitaja@hyvinvointialue.fi", "hoitaja@hyvinvointialue.fi")
    organization = OrganizationFactory()
    StaffRole.objects.create(user=user, role="receiver", organization=organization)
    _sign_in(client)
    assert set(user.staff_roles.values_list("role", flat=True)) == {"receiver", "professional"}


def test_without_configuration_there_is_no_sso(client, settings):
    settings.OIDC_ENABLED = False
    assert client.get("/oidc/authenticate/").status_code == 404
    assert client.get("/oidc/callback/?code=x&state=y").status_code == 404


def test_an_unverified_email_gets_no_account(client, provider):
    provider.claims["email_verified"] = False
    answer = _sign_in(client)
    assert answer.status_code == 302 and "/manage/login/" in answer["Location"]
    assert not User.objects.filter(email="hoitaja@hyvinvointialue.fi").exists()
    assert "_auth_user_id" not in client.session


def test_an_administrators_email_does_not_sign_in_as_the_administrator(client, provider):
    User.objects.create_superuser("root", "Hoitaja@Hyvinvointialue.fi", "x-long-password-1")
    answer = _sign_in(client)
    assert "/manage/login/" in answer["Location"]
    assert "_auth_user_id" not in client.session


def test_a_cancelled_login_returns_to_the_login_page_and_signs_no_one_out(client, provider):
    _sign_in(client)
    signed_in = client.session["_auth_user_id"]
    answer = client.get("/oidc/callback/", {"error": "access_denied", "state": "abc"})
    assert answer.status_code == 302 and "/manage/login/" in answer["Location"]
    assert client.session["_auth_user_id"] == signed_in
    # A stray answer without a login begun here: back to the login page (it was a 400 page).
    stray = Client().get("/oidc/callback/", {"code": "x", "state": "abc"})
    assert stray.status_code == 302 and "/manage/login/" in stray["Location"]
