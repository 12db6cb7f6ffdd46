"""Security audit 2026-12, finding 15: the audit log cannot be changed or deleted below the
model, on the production database (PostgreSQL)."""

import pytest
from django.contrib.auth.models import User
from django.db import DatabaseError, connection, transaction

from tarjotin.referrals import audit
from tarjotin.referrals.models import AuditEvent

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the trigger is PostgreSQL's (see migration)"
    ),
]


def test_queryset_update_and_delete_are_refused_by_the_database():
    user = User.objects.create_user("auditoitava")
    audit.record(user, "view", None)
    event = AuditEvent.objects.get(actor=user)
    for change in (
        lambda: AuditEvent.objects.filter(id=event.id).update(actor_name="tampered"),
        lambda: AuditEvent.objects.filter(id=event.id).delete(),
    ):
        with pytest.raises(DatabaseError), transaction.atomic():
            change()
    event.refresh_from_db()
    assert event.actor_name == "auditoitava"


def test_removing_an_account_keeps_its_events_under_its_name():
    user = User.objects.create_user("lahtija")
    audit.record(user, "view", None)
    user.delete()
    event = AuditEvent.objects.get(actor_name="lahtija")
    assert event.actor_id is None
