"""FHIR R4 export: states mapped as the SDOH Clinical Care (Gravity) guide does, resources that
validate with fhir.resources, and a push to a FHIR server (a fake one on 127.0.0.1)."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.urls import reverse
from django.utils import translation
from fhir.resources.R4B.bundle import Bundle

from tarjotin.referrals import fhir, services
from tarjotin.referrals.tests.factories import CLIENT_PHONE
from tarjotin.referrals.tests.test_access import sent_referral

pytestmark = pytest.mark.django_db

# Gravity's referral task status value set: FHIR task-status without "ready" and "received".
GRAVITY_TASK_STATUSES = {"draft", "requested", "accepted", "rejected", "cancelled", "on-hold",
                         "in-progress", "failed", "completed", "entered-in-error"}  # fmt: skip


def resources(data: dict) -> dict:
    return {e["resource"]["resourceType"]: e["resource"] for e in data["entry"]}


@pytest.mark.parametrize(
    ("path", "task", "request_status"),
    [
        ([], "requested", "active"),
        (["received"], "accepted", "active"),
        (["received", "contacted"], "in-progress", "active"),
        (["received", "contacted", "started"], "in-progress", "active"),
        (["received", "contacted", "started", "closed"], "completed", "completed"),
        (["received", "contacted", "not_started"], "failed", "active"),
        (["received", "contacted", "not_started", "closed"], "failed", "revoked"),
        (["declined"], "rejected", "active"),
        (["declined", "closed"], "rejected", "revoked"),
    ],
)
def test_states_map_to_gravity_task_statuses(cast, path, task, request_status):
    referral = sent_referral(cast, "service")
    for state in path:
        reason = "Syy." if state in {"not_started", "declined", "closed"} else ""
        services.transition(cast["receiver"], referral, state, referral.version, reason)
    data = fhir.bundle(referral)
    Bundle.model_validate(data)
    found = resources(data)
    assert found["Task"]["status"] == task and task in GRAVITY_TASK_STATUSES
    assert found["ServiceRequest"]["status"] == request_status
    assert found["Task"]["businessStatus"]["text"] == referral.state
    assert found["Task"]["focus"]["reference"] == data["entry"][1]["fullUrl"]


def test_the_bundle_carries_consent_patient_and_the_chosen_services(cast):
    referral = sent_referral(cast, "service")
    data = fhir.bundle(referral)
    assert data["type"] == "transaction"
    found = resources(data)
    assert set(found) == {"Patient", "ServiceRequest", "Task", "Consent"}
    assert found["Patient"]["telecom"] == [{"system": "phone", "value": CLIENT_PHONE}]
    assert found["ServiceRequest"]["identifier"][0]["value"] == referral.reference
    assert found["ServiceRequest"]["orderDetail"][0]["coding"][0]["code"] == str(
        cast["accepting"].id
    )
    assert found["Consent"]["status"] == "active"
    assert "Vertaistukiryhmä Testi" in found["Consent"]["policyRule"]["text"]
    draft = services.create_draft(cast["referrer"], [str(cast["plain"].id)])
    assert resources(fhir.bundle(draft))["Task"]["status"] == "draft"


class FakeFhirServer(BaseHTTPRequestHandler):
    received: list = []
    answer = 200

    def do_POST(self):  # noqa: N802 (the http.server interface)
        body = self.rfile.read(int(self.headers["Content-Length"]))
        FakeFhirServer.received.append(
            (self.headers["Content-Type"], json.loads(body), self.headers["Authorization"])
        )
        self.send_response(FakeFhirServer.answer)
        self.send_header("Content-Type", "application/fhir+json")
        self.end_headers()
        self.wfile.write(b'{"resourceType": "Bundle", "type": "transaction-response"}')

    def log_message(self, *args):
        pass


@pytest.fixture
def fhir_server(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeFhirServer)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    FakeFhirServer.received, FakeFhirServer.answer = [], 200
    settings.FHIR_ENDPOINT = f"http://127.0.0.1:{server.server_port}/fhir"
    yield FakeFhirServer
    server.shutdown()
    server.server_close()


def test_push_to_a_fhir_server(cast, client, fhir_server, settings):
    settings.FHIR_TOKEN = "testi-avain"
    referral = sent_referral(cast, "service")
    client.force_login(cast["referrer"])
    response = client.post(reverse("referrals:fhir_push", args=[referral.id]), follow=True)
    assert "HTTP 200" in response.content.decode()
    content_type, body, authorization = fhir_server.received[0]
    assert content_type == "application/fhir+json" and authorization == "Bearer testi-avain"
    Bundle.model_validate(body)

    fhir_server.answer = 500
    with pytest.raises(fhir.PushError, match="HTTP 500"):
        fhir.push(referral)


def test_push_without_a_server_says_so_in_the_users_language(cast, settings):
    referral = sent_referral(cast, "service")
    settings.FHIR_ENDPOINT = ""
    with translation.override("fi"), pytest.raises(fhir.PushError, match="ei ole määritetty"):
        fhir.push(referral)  # not "no FHIR endpoint is configured" on a Finnish page (M8)
    settings.FHIR_ENDPOINT = "http://127.0.0.1:9/fhir"  # nothing listens on the discard port
    settings.FHIR_TIMEOUT = 2
    with translation.override("fi"), pytest.raises(fhir.PushError, match="ei vastannut"):
        fhir.push(referral)
