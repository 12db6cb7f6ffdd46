"""The life of a referral: draft, consent, send, receive, contact, sessions, outcome, close.

Every change goes through here: it checks who may do it and in which state, refuses what is
not allowed with a message a person understands, stamps who and when, bumps the version so
that two people editing at once cannot overwrite each other silently, and writes the audit log.
"""

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from tarjotin.catalogue import models as m
from tarjotin.referrals import access, audit, mail, privacy
from tarjotin.referrals.models import (
    ClientContact,
    ClientFeedback,
    ClientLink,
    Consent,
    LinkWorkerSession,
    Referral,
    ReferralAcceptance,
    ReferralService,
    StateChange,
    WellbeingMeasure,
)
from tarjotin.staff import roles

State = Referral.State
Route = Referral.Route
REFERENCE_ALPHABET = "ACDEFGHJKLMNPQRTUVWXY34679"  # no look-alikes (0/O, 1/I, 5/S, 8/B)


class ReferralError(ValueError):
    """A refused action; the message is shown to the person as it is."""


class ConflictError(ReferralError):
    pass


# Who moves a referral from which state to which: "handler" is the link worker or the
# receiving service; the referrer sends, and may close what the handler has finished.
TRANSITIONS = {
    (State.DRAFT, State.SENT): {"referrer"},
    (State.SENT, State.RECEIVED): {"handler"},
    (State.SENT, State.DECLINED): {"handler"},
    (State.RECEIVED, State.CONTACTED): {"handler"},
    (State.RECEIVED, State.DECLINED): {"handler"},
    (State.CONTACTED, State.STARTED): {"handler"},
    (State.CONTACTED, State.NOT_STARTED): {"handler"},
    (State.CONTACTED, State.DECLINED): {"handler"},
    (State.STARTED, State.CLOSED): {"handler", "referrer"},
    (State.NOT_STARTED, State.CLOSED): {"handler", "referrer"},
    (State.DECLINED, State.CLOSED): {"handler", "referrer"},
    # The client changed their mind: the referrer cancels what is still under way.
    (State.SENT, State.CANCELLED): {"referrer"},
    (State.RECEIVED, State.CANCELLED): {"referrer"},
    (State.CONTACTED, State.CANCELLED): {"referrer"},
    (State.STARTED, State.CANCELLED): {"referrer"},
}
ENDED = {State.CLOSED, State.CANCELLED}
NEEDS_REASON = {State.NOT_STARTED, State.DECLINED}


def next_states(user, referral: Referral) -> list[str]:
    """The states this user may move this referral to now (the buttons on its page)."""
    parts = _parts(user, referral)
    return [to for (frm, to), who in TRANSITIONS.items() if frm == referral.state and who & parts]


def _parts(user, referral: Referral) -> set[str]:
    parts = set()
    if access.is_referrer(user, referral):
        parts.add("referrer")
    if access.is_handler(user, referral):
        parts.add("handler")
    return parts


# -- draft ----------------------------------------------------------------------------------
def new_reference() -> str:
    return "HL-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))


@transaction.atomic
def create_draft(user, service_ids: list[str]) -> Referral:
    if not roles.has_role(user, roles.Role.PROFESSIONAL, roles.Role.LINK_WORKER):
        raise ReferralError(_("Only professionals make referrals."))
    services = {str(s.id): s for s in m.Service.objects.filter(id__in=service_ids)}
    chosen = [services[i] for i in service_ids if i in services]
    if not chosen:
        raise ReferralError(_("Choose at least one service first."))
    unit = user.staff_roles.exclude(organization=None).values_list("organization_id", flat=True)
    referral = _with_unique_reference(
        lambda reference: Referral.objects.create(
            reference=reference, referrer=user, referrer_organization_id=unit.first()
        )
    )
    ReferralService.objects.bulk_create(
        ReferralService(referral=referral, service=s, name=s.name, position=i)
        for i, s in enumerate(chosen)
    )
    staffed = set(ReferralAcceptance.objects.staffed().values_list("service_id", flat=True))
    accepting = [s for s in chosen if s.id in staffed]
    if accepting:
        referral.route, referral.receiver_service = Route.SERVICE, accepting[0]
        referral.save(update_fields=["route", "receiver_service"])
    audit.record(user, "create", referral)
    return referral


def _with_unique_reference(create):
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return create(new_reference())
        except IntegrityError:
            continue
    raise RuntimeError("could not find a free referral reference")


@dataclass
class DraftData:
    route: str
    receiver_service_id: str | None
    reason: str
    client_language: str
    name: str
    phone: str
    email: str
    best_time: str
    consent: bool
    consent_method: str


@transaction.atomic
def save_draft(user, referral: Referral, data: DraftData, version: int) -> Referral:
    if referral.state != State.DRAFT or not access.is_referrer(user, referral):
        raise ReferralError(_("Only the referrer can change a referral, and only before sending."))
    receiver = data.receiver_service_id if data.route == Route.SERVICE else None
    _bump(
        referral,
        version,
        route=data.route,
        receiver_service_id=receiver,
        reason=data.reason,
        client_language=data.client_language,
    )
    ClientContact.objects.update_or_create(
        referral=referral,
        defaults={
            "name": data.name, "phone": data.phone, "email": data.email,
            "best_time": data.best_time,
        },
    )  # fmt: skip
    Consent.objects.filter(referral=referral).delete()
    if data.consent:
        Consent.objects.create(
            referral=referral,
            scope=consent_scope(referral),
            route=referral.route,
            receiver_id=referral.receiver_service_id,
            method=data.consent_method,
            recorded_by=user,
        )
    audit.record(user, "change", referral, "draft saved")
    return referral


def consent_scope(referral: Referral) -> str:
    """What the client agrees to, in words; kept with the consent as it was shown."""
    if referral.route == Route.SERVICE and referral.receiver_service_id:
        receiver = m.Service.objects.select_related("organization").get(
            id=referral.receiver_service_id
        )
        language = get_language()
        name = receiver.text("name", language)
        whom = f"{name} ({receiver.organization.text('name', language)})"
    else:
        whom = _("the wellbeing services county's link workers")
    return _(
        "The client agrees that their name, contact details and the reason for the referral "
        "are given to %(whom)s, who will contact them about the chosen services, and that the "
        "referrer can see whether the referral went ahead."
    ) % {"whom": whom}


def _bump(referral: Referral, version: int, **fields) -> None:
    """Write fields only if nobody has changed the referral since the form was opened."""
    changed = Referral.objects.filter(id=referral.id, version=version).update(
        version=F("version") + 1, updated_at=timezone.now(), **fields
    )
    if not changed:
        raise ConflictError(
            _("Someone else changed this referral meanwhile. Check the new details and try again.")
        )
    referral.refresh_from_db()


# -- state ----------------------------------------------------------------------------------
def send_problems(referral: Referral) -> list[str]:
    """What stops a draft from being sent, in words; empty when it can go."""
    problems = []
    if not referral.choices.exists():
        problems.append(_("Choose at least one service."))
    if not referral.reason.strip():
        problems.append(_("Write the reason for the referral."))
    contact = ClientContact.objects.filter(referral=referral).first()
    if contact is None or not contact.name.strip():
        problems.append(_("Write the client's name."))
    elif not (contact.phone or contact.email):
        problems.append(_("Write a phone number or an email address so the client can be reached."))
    consent = Consent.objects.filter(referral=referral, withdrawn_at=None).first()
    if consent is None:
        problems.append(_("Record the client's consent before sending."))
    if consent and referral.route == Route.LINK_WORKER and consent.route != Route.LINK_WORKER:
        problems.append(_("The receiver changed after the consent: record the consent again."))
    if referral.route == Route.SERVICE:
        accepts = ReferralAcceptance.objects.filter(service_id=referral.receiver_service_id)
        if not referral.receiver_service_id or not accepts.exists():
            problems.append(_("Choose a receiving service that accepts referrals."))
        elif not accepts.staffed().exists():
            problems.append(
                _(
                    "Nobody receives referrals for this service in Tarjotin yet. "
                    "Send the referral to a link worker instead."
                )  # fmt: skip
            )
        elif consent and (consent.route, consent.receiver_id) != (
            referral.route,
            referral.receiver_service_id,
        ):
            problems.append(_("The receiver changed after the consent: record the consent again."))
    return problems


@transaction.atomic
def transition(user, referral: Referral, to_state: str, version: int, reason: str = "") -> None:
    key = (referral.state, to_state)
    if key not in TRANSITIONS:
        raise ReferralError(
            _("A referral that is “%(now)s” cannot become “%(to)s”.")
            % {"now": referral.get_state_display(), "to": State(to_state).label}
            if to_state in State.values
            else _("Unknown state.")
        )
    if not TRANSITIONS[key] & _parts(user, referral):
        raise ReferralError(_("You cannot make this change to this referral."))
    reason = reason.strip()
    if to_state in NEEDS_REASON and not reason:
        raise ReferralError(_("Write the reason."))
    if to_state == State.CLOSED and not (reason or referral.outcome):
        raise ReferralError(_("Write the outcome before closing."))
    if to_state == State.SENT and (problems := send_problems(referral)):
        raise ReferralError(" ".join(problems))
    now = timezone.now()
    fields = {"state": to_state}
    if to_state == State.SENT:
        fields["sent_at"] = now
    if to_state == State.CONTACTED:
        fields["first_contact_at"] = now
    if to_state in NEEDS_REASON:
        fields["state_reason"] = reason
    if to_state in ENDED:
        fields["closed_at"] = now
        fields["ended_state"] = referral.state
    if to_state == State.CLOSED and reason:
        fields["outcome"] = reason
    from_state = referral.state
    _bump(referral, version, **fields)
    StateChange.objects.create(
        referral=referral, from_state=from_state, to_state=to_state, by=user,
        reason=reason if to_state in NEEDS_REASON else "",
    )  # fmt: skip
    audit.record(user, "transition", referral, f"{from_state} -> {to_state}")
    if to_state == State.SENT:
        transaction.on_commit(lambda: mail.notify_receivers(referral))


@transaction.atomic
def withdraw_consent(user, referral: Referral, version: int) -> None:
    """The client withdraws consent (GDPR Art. 7(3)): the referral is cancelled if it was still
    under way, the consent marked withdrawn (who and when: the history and the audit log), and
    the client's contact details and every free text are erased at once."""
    if not _parts(user, referral) or referral.state == State.DRAFT:
        raise ReferralError(_("You cannot make this change to this referral."))
    if referral.pseudonymised_at is not None:
        raise ReferralError(_("The client's data has already been erased."))
    from_state, now = referral.state, timezone.now()
    fields = {}
    if from_state not in ENDED:
        fields = {"state": State.CANCELLED, "closed_at": now, "ended_state": from_state}
    _bump(referral, version, **fields)
    Consent.objects.filter(referral=referral).update(withdrawn_at=now)
    if fields:
        StateChange.objects.create(referral=referral, from_state=from_state,
                                   to_state=State.CANCELLED, by=user)  # fmt: skip
    audit.record(user, "withdraw_consent", referral)
    privacy.pseudonymise(Referral.objects.filter(id=referral.id))


@transaction.atomic
def claim(user, referral: Referral, version: int) -> None:
    """A link worker takes a referral from the queue; taking it is receiving it."""
    if not access.can_claim(user, referral):
        raise ReferralError(_("This referral cannot be taken."))
    _bump(referral, version, link_worker_id=user.id)
    audit.record(user, "claim", referral)
    if referral.state == State.SENT:
        transition(user, referral, State.RECEIVED, referral.version)


# -- follow-up ------------------------------------------------------------------------------
@transaction.atomic
def add_session(user, referral: Referral, held_on: dt.date, mode: str, topics, next_step: str):
    if referral.route != Route.LINK_WORKER or not access.is_handler(user, referral):
        raise ReferralError(_("Only the link worker of this referral records meetings."))
    if referral.state not in {State.CONTACTED, State.STARTED}:
        raise ReferralError(_("Meetings are recorded after the client has been contacted."))
    # Lock the referral so two meetings saved at once cannot get the same number.
    Referral.objects.select_for_update().filter(id=referral.id).first()
    count = referral.sessions.count()
    if count >= settings.REFERRAL_MAX_SESSIONS:
        raise ReferralError(
            _("The link worker meets a client at most %(n)s times.")
            % {"n": settings.REFERRAL_MAX_SESSIONS}
        )
    session = LinkWorkerSession.objects.create(
        referral=referral, number=count + 1, held_on=held_on, mode=mode, topics=list(topics),
        next_step=next_step.strip(), by=user,
    )  # fmt: skip
    audit.record(user, "session", referral, f"session {session.number}")
    return session


def record_measure(user, referral: Referral, phase: str, scores: dict[str, int]) -> None:
    if not (access.is_handler(user, referral) or access.is_referrer(user, referral)):
        raise ReferralError(_("You cannot record measures for this referral."))
    if referral.state == State.DRAFT and phase == WellbeingMeasure.Phase.AFTER:
        raise ReferralError(_("The “after” measure is recorded once the referral is under way."))
    WellbeingMeasure.objects.update_or_create(referral=referral, phase=phase, defaults=scores)
    audit.record(user, "measure", referral, phase)


# -- the client's link ----------------------------------------------------------------------
def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_client_link(user, referral: Referral) -> str:
    """A new link for the client; the token is shown once and only its hash is stored."""
    if not (access.is_referrer(user, referral) or access.is_handler(user, referral)):
        raise ReferralError(_("You cannot make a link for this referral."))
    token = secrets.token_urlsafe(32)
    ClientLink.objects.create(
        referral=referral,
        token_hash=_hash(token),
        expires_at=timezone.now() + dt.timedelta(days=settings.REFERRAL_CLIENT_LINK_DAYS),
    )
    audit.record(user, "client_link", referral)
    return token


def referral_for_token(token: str) -> Referral | None:
    link = (
        ClientLink.objects.filter(token_hash=_hash(token), expires_at__gt=timezone.now())
        .select_related("referral")
        .first()
    )
    if link is None or link.referral.pseudonymised_at is not None:
        return None
    return link.referral


def client_feedback(referral: Referral, helped: str, comment: str) -> None:
    ClientFeedback.objects.create(referral=referral, helped=helped, comment=comment.strip())
    Referral.objects.filter(id=referral.id).update(helped=helped)
    audit.record(None, "client_feedback", referral)


# -- overdue and retention ------------------------------------------------------------------
def overdue(now: dt.datetime | None = None):
    """Sent referrals nobody has contacted the client about in the configured number of days."""
    now = now or timezone.now()
    return Referral.objects.filter(
        state__in=[State.SENT, State.RECEIVED],
        first_contact_at=None,
        sent_at__lt=now - dt.timedelta(days=settings.REFERRAL_CONTACT_DAYS),
    )


def send_reminders(now: dt.datetime | None = None) -> int:
    """Remind each referrer once per overdue period; the email carries no personal data."""
    now = now or timezone.now()
    again = now - dt.timedelta(days=settings.REFERRAL_CONTACT_DAYS)
    due = overdue(now).exclude(reminded_at__gt=again).select_related("referrer")
    sent = 0
    for referral in due:
        if referral.referrer and referral.referrer.email:
            mail.remind_referrer(referral)
            sent += 1
        Referral.objects.filter(id=referral.id).update(reminded_at=now)
        audit.record(None, "reminder", referral)
    return sent
