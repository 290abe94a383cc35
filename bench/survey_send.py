"""Sending a round of 50,000 invitations: invitations per second, queries per 1,000
invitations, and the ratio against sending them one by one.

What is measured: ``surveys.sending.round_send`` (what the background worker runs) for a
round that invites BENCH_PEOPLE young people, each with a confirmed e-mail address, against
a real SMTP server (aiosmtpd, in a process of its own, as a mail server would be).

The baseline is the obvious implementation, run on BENCH_BASELINE people of the same
school and scaled up: per person, look up the channel, insert the invitation, render the
message, send it with Django's ``send_mail`` (which opens an SMTP connection per mail) and
record that it was sent.

Database: by default an SQLite file in a temporary directory, migrated on the spot and
thrown away afterwards. With DATABASE_URL (PostgreSQL, see bench/README.md) it adds a
school with BENCH_PEOPLE leavers the first time and reuses them afterwards; the rounds it
makes are deleted at the end.

    .venv/bin/python bench/survey_send.py                # SQLite, 50,000 people
    BENCH_PEOPLE=5000 .venv/bin/python bench/survey_send.py
"""

from __future__ import annotations

import datetime
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PEOPLE = int(os.environ.get("BENCH_PEOPLE", "50000"))
BASELINE = int(os.environ.get("BENCH_BASELINE", "2000"))
SCHOOL_CODE = "bench-survey-school"
COORDINATOR = "bench-survey-coordinator"
LINK_MARK = b"/vragenlijst/"


# --- The mail server: the same file, run as a child process with --smtp-sink ----------------


def smtp_sink() -> int:
    """Accept every message, count them (and those carrying a survey link); print the
    port, then answer "count" on stdin with "<messages> <with link>"."""
    from aiosmtpd.controller import Controller

    class Counter:
        messages = 0
        with_link = 0

        async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd API)
            self.messages += 1
            self.with_link += LINK_MARK in envelope.original_content
            return "250 OK"

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    handler = Counter()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    print(port, flush=True)
    for line in sys.stdin:
        if line.strip() == "count":
            print(handler.messages, handler.with_link, flush=True)
    controller.stop()
    return 0


class MailServer:
    def __init__(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603 (our own script)
            [sys.executable, __file__, "--smtp-sink"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.port = int(self.process.stdout.readline())

    def counts(self) -> tuple[int, int]:
        self.process.stdin.write("count\n")
        self.process.stdin.flush()
        messages, with_link = self.process.stdout.readline().split()
        return int(messages), int(with_link)

    def stop(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=30)


# --- Set-up -------------------------------------------------------------------------------


def configure() -> Path | None:
    """Point Django at the benchmark's database before it starts. Returns the temporary
    directory to remove afterwards (SQLite), or None (a database of the caller's)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dwarsverbinder.conf.settings")
    os.environ.setdefault("DWV_ENV", "development")
    os.environ["DEBUG"] = "false"  # DEBUG keeps every query in memory
    if os.environ.get("DATABASE_URL"):
        return None
    directory = Path(tempfile.mkdtemp(prefix="dwv-bench-survey-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{directory / 'bench.sqlite3'}"
    os.environ["DWV_DATA_DIR"] = str(directory)
    return directory


def ensure_people(today: datetime.date):
    """The school, its coordinator and PEOPLE leavers with a confirmed e-mail address each
    (added when missing; bulk inserts in batches)."""
    from django.db import transaction

    from dwarsverbinder.accounts.constants import Role
    from dwarsverbinder.accounts.models import Membership, User
    from dwarsverbinder.network.models import Organisation
    from dwarsverbinder.people.models import ContactChannel, Person, SchoolCareer

    school, _ = Organisation.objects.get_or_create(
        code=SCHOOL_CODE, defaults={"name": "Benchmark College", "kind": "school"}
    )
    user, _ = User.objects.get_or_create(
        username=COORDINATOR, defaults={"email": f"{COORDINATOR}@example.nl"}
    )
    membership, _ = Membership.objects.get_or_create(
        user=user, organisation=school, role=Role.COORDINATOR
    )
    user.active_membership = membership
    have = SchoolCareer.objects.filter(school=school).count()
    left = today - datetime.timedelta(days=100)
    for start in range(have, PEOPLE, 5000):
        size = min(5000, PEOPLE - start)
        with transaction.atomic():
            people = Person.objects.bulk_create(
                [
                    Person(given_names="Bench", surname=f"Jongere {n}", date_of_birth="2007-05-01")
                    for n in range(start, start + size)
                ]
            )
            SchoolCareer.objects.bulk_create(
                SchoolCareer(
                    person=p,
                    school=school,
                    programme_type="entree",
                    start_date="2023-08-15",
                    leave_date=left,
                )
                for p in people
            )
            ContactChannel.objects.bulk_create(
                ContactChannel(
                    person=p,
                    kind="email",
                    value=f"jongere{start + i}@example.nl",
                    source="school",
                    last_confirmed=today,
                )
                for i, p in enumerate(people)
            )
        print(f"  {start + size:,} young people", flush=True)
    return user


def new_round(by, today: datetime.date, name: str):
    from dwarsverbinder.surveys import rounds
    from dwarsverbinder.surveys.constants import RoundStatus, VersionStatus
    from dwarsverbinder.surveys.models import QuestionnaireVersion, Round

    round = rounds.round_create(
        by=by,
        name=name,
        version=QuestionnaireVersion.objects.get(
            questionnaire__is_standard=True, status=VersionStatus.PUBLISHED
        ),
        starts_on=today,
        closes_on=today + datetime.timedelta(days=21),
        reminder_days=[3, 7],
    )
    # What "start sending" does, without queueing: the benchmark runs the work itself.
    Round.objects.filter(pk=round.pk).update(status=RoundStatus.SENDING)
    return round


class QueryCounter:
    """Counts the queries on the connection (cheaper than keeping their SQL)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


# --- The two ways of sending --------------------------------------------------------------


def one_by_one(round, limit: int) -> int:
    """The baseline: everything per person, and an SMTP connection per mail."""
    from django.conf import settings
    from django.core.mail import send_mail
    from django.db.models import F
    from django.template.loader import render_to_string
    from django.utils import timezone, translation

    from dwarsverbinder.people.models import ContactChannel
    from dwarsverbinder.surveys.models import Invitation, Round
    from dwarsverbinder.surveys.rounds import selection_people
    from dwarsverbinder.surveys.sending import invitation_url
    from dwarsverbinder.surveys.tokens import new_token

    sent = 0
    for person_id in list(selection_people(round).order_by("id")[:limit]):
        address = (
            ContactChannel.objects.filter(
                person_id=person_id, kind="email", is_active=True, last_confirmed__isnull=False
            )
            .values_list("value", flat=True)
            .first()
        )
        token, token_hash = new_token()
        invitation = Invitation.objects.create(
            round=round, person_id=person_id, token_hash=token_hash, channel="email"
        )
        context = {
            "organisation": round.organisation.name,
            "minutes": 2,
            "closes_on": round.closes_on,
            "url": invitation_url(token),
            "reminder": False,
        }
        with translation.override("nl"):
            send_mail(
                "How are you doing? A few short questions",
                render_to_string("surveys/email/invitation.txt", context),
                settings.DEFAULT_FROM_EMAIL,
                [address],
                html_message=render_to_string("surveys/email/invitation.html", context),
            )
        Invitation.objects.filter(pk=invitation.pk).update(sent_at=timezone.now())
        Round.objects.filter(pk=round.pk).update(sent=F("sent") + 1)
        sent += 1
    return sent


def measure(work) -> tuple[object, float, int]:
    from django.db import connection

    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        started = time.perf_counter()
        result = work()
        seconds = time.perf_counter() - started
    return result, seconds, counter.count


def main() -> int:
    temporary = configure()
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from dwarsverbinder.surveys.models import Invitation, Round
    from dwarsverbinder.surveys.sending import round_send

    server = MailServer()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    rounds_made = []
    try:
        call_command("migrate", verbosity=0)
        today = timezone.localdate()
        print(f"database: {connection.vendor}; building {PEOPLE:,} young people ...", flush=True)
        coordinator = ensure_people(today)

        baseline_round = new_round(coordinator, today, "Benchmark: one by one")
        rounds_made.append(baseline_round.pk)
        sent_before = server.counts()[0]
        base_sent, base_seconds, base_queries = measure(
            lambda: one_by_one(baseline_round, BASELINE)
        )
        assert server.counts()[0] - sent_before == base_sent == min(BASELINE, PEOPLE)

        round = new_round(coordinator, today, "Benchmark: round_send")
        rounds_made.append(round.pk)
        sent_before, linked_before = server.counts()
        totals, seconds, queries = measure(lambda: round_send(round.pk))
        after, after_linked = server.counts()
        received, with_link = after - sent_before, after_linked - linked_before
        invitations = Invitation.objects.filter(round=round, sent_at__isnull=False).count()
        round.refresh_from_db()
    finally:
        Round.objects.filter(pk__in=rounds_made).delete()
        server.stop()
        connection.close()
        if temporary:
            shutil.rmtree(temporary, ignore_errors=True)

    rate = invitations / seconds
    base_rate = base_sent / base_seconds
    print()
    print(
        f"round_send      {invitations:,} invitations in {seconds:.1f} s = {rate:,.0f} per second;"
        f" {1000 * queries / invitations:.1f} queries per 1,000 invitations"
    )
    print(
        f"                the mail server received {received:,} messages, {with_link:,} with a "
        f"survey link; round status {round.status}, progress {round.sent:,} of "
        f"{round.to_send:,}; {dict(totals)}"
    )
    print(
        f"one by one      {base_sent:,} invitations in {base_seconds:.1f} s = {base_rate:,.0f} per"
        f" second; {1000 * base_queries / base_sent:.0f} queries per 1,000 invitations;"
        f" {PEOPLE:,} would take {PEOPLE / base_rate:.0f} s"
    )
    print(f"ratio           {rate / base_rate:.1f} times as many invitations per second")
    return 0 if invitations == received == PEOPLE else 1


if __name__ == "__main__":
    if sys.argv[1:] == ["--smtp-sink"]:
        sys.exit(smtp_sink())
    sys.exit(main())
