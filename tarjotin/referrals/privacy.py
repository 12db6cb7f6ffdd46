"""Retention and the client's right of access.

A referral closed longer ago than REFERRAL_RETENTION_DAYS, or left open with no change for as
long, is pseudonymised: the contact row is deleted and every free text that may describe the
client is blanked (the reasons in its history too); states, times, measures and the "did this
help" answers stay for the indicators. A draft nobody has touched for REFERRAL_DRAFT_DAYS is
deleted whole: it was never sent, so it counts for nothing. A client's data can be exported as
JSON on request.
"""

import datetime as dt
import re

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from tarjotin.referrals import audit
from tarjotin.referrals.models import (
    ClientContact,
    ClientFeedback,
    ClientLink,
    Consent,
    LinkWorkerSession,
    Referral,
    StateChange,
)


def due_for_pseudonymisation(now: dt.datetime | None = None):
    """Closed past the retention period, or stalled (open, unchanged) for as long."""
    now = now or timezone.now()
    limit = now - dt.timedelta(days=settings.REFERRAL_RETENTION_DAYS)
    ended = [Referral.State.CLOSED, Referral.State.CANCELLED]
    closed = Q(state__in=ended, closed_at__lt=limit)
    stalled = ~Q(state__in=[*ended, Referral.State.DRAFT]) & Q(updated_at__lt=limit)
    return Referral.objects.filter(closed | stalled, pseudonymised_at=None)


def stale_drafts(now: dt.datetime | None = None):
    now = now or timezone.now()
    limit = now - dt.timedelta(days=settings.REFERRAL_DRAFT_DAYS)
    return Referral.objects.filter(state=Referral.State.DRAFT, updated_at__lt=limit)


@transaction.atomic
def erase_drafts(drafts) -> int:
    """Drafts are deleted with everything they hold (contact, consent, chosen services)."""
    ids = list(drafts.values_list("id", flat=True))
    for referral_id in ids:
        audit.record(None, "erase_draft", referral_id)
    Referral.objects.filter(id__in=ids).delete()
    return len(ids)


@transaction.atomic
def pseudonymise(referrals) -> int:
    ids = list(referrals.values_list("id", flat=True))
    ClientContact.objects.filter(referral_id__in=ids).delete()
    ClientLink.objects.filter(referral_id__in=ids).delete()
    LinkWorkerSession.objects.filter(referral_id__in=ids).update(next_step="")
    ClientFeedback.objects.filter(referral_id__in=ids).update(comment="")
    Consent.objects.filter(referral_id__in=ids).update(scope="")
    StateChange.objects.filter(referral_id__in=ids).update(reason="")
    Referral.objects.filter(id__in=ids).update(
        reason="", state_reason="", outcome="", pseudonymised_at=timezone.now()
    )
    for referral_id in ids:
        audit.record(None, "pseudonymise", referral_id)
    return len(ids)


def phone_key(number: str) -> str:
    """A Finnish phone number in one form: digits only, the country code +358 as a leading 0."""
    digits = re.sub(r"\D", "", number or "")
    for prefix in ("00358", "358"):
        if digits.startswith(prefix) and (prefix == "00358" or number.strip().startswith("+")):
            return "0" + digits[len(prefix) :]
    return digits


def find_by_contact(phone: str = "", email: str = ""):
    """The referrals of a client who asks for their data, found by their phone or email."""
    contacts = ClientContact.objects.none()
    if key := phone_key(phone):
        # Written any way ("050 765 4321", "+358507654321"): narrowed by the last digits in the
        # database, compared whole after normalising (security audit #23).
        candidates = ClientContact.objects.filter(phone__endswith=key[-2:])
        same = [c.pk for c in candidates.only("pk", "phone") if phone_key(c.phone) == key]
        contacts |= ClientContact.objects.filter(pk__in=same)
    if email:
        contacts |= ClientContact.objects.filter(email__iexact=email.strip())
    return Referral.objects.filter(contact__in=contacts)


def client_data(referral: Referral) -> dict:
    """Everything stored about the client in one referral, as the client may ask to see it."""
    contact = ClientContact.objects.filter(referral=referral).first()
    consent = Consent.objects.filter(referral=referral).first()
    return {
        "reference": referral.reference,
        "state": referral.state,
        "created_at": _time(referral.created_at),
        "sent_at": _time(referral.sent_at),
        "closed_at": _time(referral.closed_at),
        "reason": referral.reason,
        "outcome": referral.outcome,
        "state_reason": referral.state_reason,
        "client_language": referral.client_language,
        "contact": {
            "name": contact.name, "phone": contact.phone, "email": contact.email,
            "best_time": contact.best_time,
        } if contact else None,
        "consent": {
            "scope": consent.scope, "method": consent.method,
            "recorded_at": _time(consent.recorded_at), "withdrawn_at": _time(consent.withdrawn_at),
        } if consent else None,
        "services": [choice.name for choice in referral.choices.all()],
        "history": [
            {"from": c.from_state, "to": c.to_state, "at": _time(c.at), "reason": c.reason}
            for c in referral.history.all()
        ],
        "sessions": [
            {"number": s.number, "date": s.held_on.isoformat(), "mode": s.mode,
             "topics": s.topics, "next_step": s.next_step}
            for s in referral.sessions.all()
        ],
        "measures": [
            {"phase": w.phase, "life_satisfaction": w.life_satisfaction,
             "worthwhile": w.worthwhile, "happiness": w.happiness, "anxiety": w.anxiety}
            for w in referral.measures.all()
        ],
        "feedback": [
            {"helped": f.helped, "comment": f.comment, "at": _time(f.at)}
            for f in referral.feedback.all()
        ],
    }  # fmt: skip


def _time(value) -> str | None:
    return value.isoformat() if value else None
