"""Being logged in to My page: a person id and an end time in the session, under a key of
its own. This is not a Django login: the young person has no account, and a staff member
who is logged in on the same browser stays logged in as themself."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from dwarsverbinder.people.models import Person

SESSION_KEY = "dwv_mypage"


def session_minutes() -> int:
    """DWV_MYPAGE_SESSION_MINUTES: how long My page stays open after using a link."""
    return int(getattr(settings, "MYPAGE_SESSION_MINUTES", 30))


def session_start(request: HttpRequest, *, person_id: int) -> None:
    # A new session key at every login, so a key planted beforehand is worth nothing.
    request.session.cycle_key()
    until = timezone.now() + datetime.timedelta(minutes=session_minutes())
    request.session[SESSION_KEY] = {"person_id": person_id, "until": until.timestamp()}


def session_person(request: HttpRequest) -> Person | None:
    """The logged-in young person, or None (never logged in, ended, or the file is gone)."""
    data = request.session.get(SESSION_KEY)
    if not isinstance(data, dict):
        return None
    if timezone.now().timestamp() >= float(data.get("until", 0)):
        session_end(request)
        return None
    person = Person.objects.filter(pk=data.get("person_id")).first()
    if person is None:
        session_end(request)
    return person


def session_end(request: HttpRequest) -> None:
    if request.session.pop(SESSION_KEY, None) is not None:
        request.session.cycle_key()
