"""The referral as HL7 FHIR R4: Patient, ServiceRequest, Task and Consent in one transaction.

Built as plain dicts and validated with ``fhir.resources.R4B`` (R4B is the compatible minor
update of R4; the resources used here are the same in both). The Task's status follows the
HL7 SDOH Clinical Care (Gravity) referral task status value set, which leaves out "ready" and
"received"; our own finer state travels in ``Task.businessStatus``.
"""

import uuid

import requests
from django.conf import settings
from django.utils.translation import gettext as _
from fhir.resources.R4B.bundle import Bundle

from tarjotin.referrals.models import ClientContact, Referral

State = Referral.State

# Referral state -> Task.status (Gravity). A closed referral keeps the status of how it ended.
TASK_STATUS = {
    State.DRAFT: "draft",
    State.SENT: "requested",
    State.RECEIVED: "accepted",
    State.CONTACTED: "in-progress",
    State.STARTED: "in-progress",
    State.NOT_STARTED: "failed",
    State.DECLINED: "rejected",
    State.CANCELLED: "cancelled",
}
CLOSED_TASK_STATUS = {State.STARTED: "completed", State.NOT_STARTED: "failed",
                      State.DECLINED: "rejected"}  # fmt: skip
CLOSED_REQUEST_STATUS = {"completed": "completed", "failed": "revoked", "rejected": "revoked"}


class PushError(RuntimeError):
    pass


def _ended_as(referral: Referral) -> str:
    return CLOSED_TASK_STATUS.get(referral.ended_state, "completed")


def task_status(referral: Referral) -> str:
    if referral.state == State.CLOSED:
        return _ended_as(referral)
    return TASK_STATUS[referral.state]


def request_status(referral: Referral) -> str:
    if referral.state == State.DRAFT:
        return "draft"
    if referral.state == State.CLOSED:
        return CLOSED_REQUEST_STATUS[task_status(referral)]
    if referral.state == State.CANCELLED:  # the client withdrew: the request is revoked
        return "revoked"
    return "active"


def _urn(referral: Referral, kind: str) -> str:
    return f"urn:uuid:{uuid.uuid5(referral.id, kind)}"


def _time(value) -> str | None:
    return value.isoformat() if value else None


def _drop_empty(data: dict) -> dict:
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def bundle(referral: Referral, language: str = "fi") -> dict:
    """A FHIR transaction bundle (as JSON-ready dict), validated before it is returned."""
    patient, request, task, consent = (_urn(referral, k) for k in ("patient", "sr", "task", "c"))
    resources = [
        (patient, _patient(referral)),
        (request, _service_request(referral, patient, language)),
        (task, _task(referral, patient, request)),
    ]
    if hasattr(referral, "consent"):
        resources.append((consent, _consent(referral, patient)))
    data = {
        "resourceType": "Bundle",
        "type": "transaction",
        "entry": [
            {"fullUrl": url, "resource": resource,
             "request": {"method": "POST", "url": resource["resourceType"]}}
            for url, resource in resources
        ],
    }  # fmt: skip
    Bundle.model_validate(data)  # raises if a resource does not conform to R4(B)
    return data


def _identifier(referral: Referral) -> list[dict]:
    return [{"system": settings.FHIR_IDENTIFIER_SYSTEM, "value": referral.reference}]


def _patient(referral: Referral) -> dict:
    contact = ClientContact.objects.filter(referral=referral).first()
    telecom = []
    if contact and contact.phone:
        telecom.append({"system": "phone", "value": contact.phone})
    if contact and contact.email:
        telecom.append({"system": "email", "value": contact.email})
    return _drop_empty({
        "resourceType": "Patient",
        "name": [{"text": contact.name}] if contact and contact.name else [],
        "telecom": telecom,
        "communication": [{"language": {"coding": [
            {"system": "urn:ietf:bcp:47", "code": referral.client_language}]}}],
    })  # fmt: skip


def _requester(referral: Referral) -> dict:
    if referral.referrer is None:
        return {"display": "-"}
    return {"display": referral.referrer.get_full_name() or referral.referrer.get_username()}


def _performer(referral: Referral, language: str) -> dict:
    if referral.route == Referral.Route.SERVICE and referral.receiver_service:
        organization = referral.receiver_service.organization
        return {"display": organization.text("name", language) or "-",
                "identifier": {"system": "urn:tarjotin:organization",
                               "value": str(organization.id)}}  # fmt: skip
    return {"display": "Hyvinvointiohjaus / link workers"}


def _service_request(referral: Referral, patient: str, language: str) -> dict:
    services_url = settings.SITE_URL.rstrip("/") + "/api/hsda/services"
    return _drop_empty({
        "resourceType": "ServiceRequest",
        "identifier": _identifier(referral),
        "status": request_status(referral),
        "intent": "order",
        "code": {"text": "Hyvinvointilähete (wellbeing referral, social prescribing)"},
        "orderDetail": [
            {"text": choice.text(language),
             "coding": [{"system": services_url, "code": str(choice.service_id)}]}
            if choice.service_id else {"text": choice.text(language)}
            for choice in referral.choices.all()
        ],
        "subject": {"reference": patient},
        "authoredOn": _time(referral.sent_at or referral.created_at),
        "requester": _requester(referral),
        "performer": [_performer(referral, language)],
        "reasonCode": [{"text": referral.reason}] if referral.reason else [],
    })  # fmt: skip


def _task(referral: Referral, patient: str, request: str) -> dict:
    status = task_status(referral)
    return _drop_empty({
        "resourceType": "Task",
        "identifier": _identifier(referral),
        "status": status,
        "businessStatus": {"text": referral.state},
        "statusReason": {"text": referral.state_reason} if referral.state_reason else None,
        "intent": "order",
        "focus": {"reference": request},
        "for": {"reference": patient},
        "authoredOn": _time(referral.sent_at or referral.created_at),
        "lastModified": _time(referral.updated_at),
        "requester": _requester(referral),
        "owner": _performer(referral, "fi"),
        "note": [{"text": referral.outcome}] if referral.outcome else [],
    })  # fmt: skip


def _consent(referral: Referral, patient: str) -> dict:
    consent = referral.consent
    return _drop_empty({
        "resourceType": "Consent",
        "status": "inactive" if consent.withdrawn_at else "active",
        "scope": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/consentscope",
                              "code": "patient-privacy"}]},
        "category": [{"coding": [{"system": "http://loinc.org", "code": "59284-0"}],
                      "text": consent.get_method_display()}],
        "patient": {"reference": patient},
        "dateTime": _time(consent.recorded_at),
        "performer": [{"reference": patient}],
        "policyRule": {"text": consent.scope},
        "provision": {"type": "permit",
                      "actor": [{"role": {"coding": [{
                          "system": "http://terminology.hl7.org/CodeSystem/v3-ParticipationType",
                          "code": "IRCP"}]},
                          "reference": _performer(referral, "fi")}]},
    })  # fmt: skip


def push(referral: Referral) -> str:
    """POST the bundle to the configured FHIR server; returns its answer's status line."""
    if not settings.FHIR_ENDPOINT:
        raise PushError(_("no patient record system is configured"))
    headers = {"Content-Type": "application/fhir+json", "Accept": "application/fhir+json"}
    if settings.FHIR_TOKEN:
        headers["Authorization"] = f"Bearer {settings.FHIR_TOKEN}"
    try:
        response = requests.post(
            settings.FHIR_ENDPOINT.rstrip("/") + "/",
            json=bundle(referral),
            headers=headers,
            timeout=settings.FHIR_TIMEOUT,
        )
    except requests.RequestException as error:
        problem = _("the patient record system did not answer (%(error)s)")
        raise PushError(problem % {"error": type(error).__name__}) from error
    if response.status_code >= 300:
        problem = _("the patient record system refused the referral (HTTP %(status)s)")
        raise PushError(problem % {"status": response.status_code})
    return f"HTTP {response.status_code}"
