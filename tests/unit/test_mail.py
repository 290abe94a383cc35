"""Notices by mail: a receiver whose mail the SMTP server refuses gets it again later, and
only they; after the last attempt it is given up."""

from __future__ import annotations

from huey.contrib.djhuey import HUEY

from dwarsverbinder.chain.notify import notice_send
from dwarsverbinder.utils import mail
from tests.factories import UserFactory


def _scheduled_for(task_name: str) -> list:
    return [t for t in HUEY.scheduled() if t.name == task_name]


NOTICE = "notice_send"


def test_a_refused_mail_is_tried_again_for_its_receiver_only(db, smtp_server):
    HUEY.flush()
    ok = UserFactory(email="ok@example.nl")
    refused = UserFactory(email="refuse-me@example.nl")
    sent = notice_send.call_local("received", [ok.pk, refused.pk], "/overdrachten/1/")
    assert sent == 1
    assert [m["X-Envelope-To"] for m in smtp_server.messages] == ["ok@example.nl"]
    (retry,) = _scheduled_for(NOTICE)
    assert retry.kwargs["user_ids"] == [refused.pk]
    assert retry.kwargs["attempt"] == 2
    HUEY.flush()


def test_the_last_attempt_gives_up(db, smtp_server):
    HUEY.flush()
    refused = UserFactory(email="refuse-me@example.nl")
    sent = notice_send.call_local(
        kind="received", user_ids=[refused.pk], path="/x/", attempt=mail.MAX_ATTEMPTS
    )
    assert sent == 0
    assert _scheduled_for(NOTICE) == []
