"""The processing register: a page every logged-in user reads and exports, that only the
privacy officer changes, and that visibility follows at once."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from django.utils.html import escape

from dwarsverbinder.people.selectors import people_visible_to
from dwarsverbinder.privacy.constants import AuditAction, DataCategory
from dwarsverbinder.privacy.models import AuditEvent, ProcessingRecord
from dwarsverbinder.privacy.policy import categories_for
from tests.conftest import login

URL = "/privacy/register/"


def _as(user):
    user.active_membership = user.memberships.select_related("organisation").first()
    return user


def _form_data(record: ProcessingRecord, **changes) -> dict:
    data = {
        "purpose": record.purpose,
        "legal_basis": record.legal_basis,
        "legal_article": record.legal_article,
        "retention_months": record.retention_months,
        "retention_from": record.retention_from,
        "roles": list(record.roles),
        "organisation_kinds": list(record.organisation_kinds),
        "shared_without_consent_with": list(record.shared_without_consent_with),
    }
    data.update(changes)
    return data


def _edit_url(category: str) -> str:
    return f"/privacy/register/{category}/bewerken/"


@pytest.mark.parametrize("username", ["coach", "rmc", "outsider", "fg", "analist", "beheer"])
def test_every_logged_in_user_reads_the_register(client, world, username):
    user = {
        u.username: u
        for u in (
            world.coach,
            world.rmc_consultant,
            world.outsider,
            world.privacy_officer,
            world.analyst,
            world.administrator,
        )
    }
    login(client, user[username])
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    for record in ProcessingRecord.objects.all():
        assert f'id="{record.category}"' in html
        assert escape(record.purpose) in html
        assert str(record.retention_months) in html
    # The article the legal task rests on is on the page.
    assert "WVO art. 118h" in html
    # Only the privacy officer gets the edit links.
    assert (_edit_url("contact") in html) == (username == "fg")


def test_anonymous_visitors_are_sent_to_log_in(client, world):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_csv_export_has_all_categories_for_dutch_excel(client, world):
    login(client, world.coach)
    response = client.get(URL, {"format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    header, body = rows[0], rows[1:]
    assert len(header) == 11
    assert len(body) == len(DataCategory.values) == 8
    labels = {str(label) for label in DataCategory.labels}
    assert {row[0] for row in body} == labels
    contact = ProcessingRecord.objects.get(category="contact")
    row = next(r for r in body if r[1] == contact.contents)
    assert row[5] == str(contact.retention_months)
    assert row[4] == contact.legal_article


def test_json_export_has_all_categories_with_codes_and_labels(client, world):
    login(client, world.analyst)
    response = client.get(URL, {"format": "json"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    data = json.loads(response.content)
    by_category = {row["category"]: row for row in data["categories"]}
    assert set(by_category) == set(DataCategory.values)
    care = by_category["care"]
    assert care["legal_basis"] == "consent"
    assert care["organisation_kinds"] == ["gemeente", "zorg"]
    assert care["shared_without_consent_with"] == []
    assert len(care["organisation_kind_labels"]) == 2
    assert by_category["placements"]["roles"][-1] == "employer_manager"


@pytest.mark.parametrize("username", ["coach", "rmc", "analist", "beheer"])
def test_only_the_privacy_officer_edits(client, world, username):
    user = {
        u.username: u
        for u in (world.coach, world.rmc_consultant, world.analyst, world.administrator)
    }
    record = ProcessingRecord.objects.get(category="contact")
    login(client, user[username])
    assert client.get(_edit_url("contact")).status_code == 404
    response = client.post(_edit_url("contact"), _form_data(record, retention_months=1))
    assert response.status_code == 404
    record.refresh_from_db()
    assert record.retention_months == 60


def test_the_privacy_officer_edits_and_the_change_is_audited(client, world):
    record = ProcessingRecord.objects.get(category="contacts")
    login(client, world.privacy_officer)
    assert client.get(_edit_url("contacts")).status_code == 200
    response = client.post(
        _edit_url("contacts"),
        _form_data(record, retention_months=18, purpose="Eén lijn van contact."),
    )
    assert response.status_code == 302
    assert response["Location"].endswith("/privacy/register/#contacts")
    record.refresh_from_db()
    assert record.retention_months == 18
    assert record.purpose == "Eén lijn van contact."
    event = AuditEvent.objects.get(
        action=AuditAction.UPDATE, object_type="privacy.processingrecord"
    )
    assert event.actor_username == "fg"
    assert event.object_id == str(record.pk)
    assert event.changes["retention_months"] == [24, 18]
    assert event.person_id is None


def test_unknown_category_is_404(client, world):
    login(client, world.privacy_officer)
    assert client.get(_edit_url("health")).status_code == 404


def test_sharing_without_consent_with_a_kind_that_may_not_see_is_refused(client, world):
    record = ProcessingRecord.objects.get(category="care")
    login(client, world.privacy_officer)
    response = client.post(
        _edit_url("care"),
        _form_data(record, shared_without_consent_with=["school"], retention_from="het einde"),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "shared_without_consent_with" in form.errors
    # What was typed stays on the page.
    html = response.content.decode()
    assert 'value="het einde"' in html
    assert re.search(r'name="shared_without_consent_with" value="school"[^>]*checked', html)
    assert form["shared_without_consent_with"].value() == ["school"]
    record.refresh_from_db()
    assert record.shared_without_consent_with == []
    assert record.retention_from != "het einde"
    assert not AuditEvent.objects.filter(object_type="privacy.processingrecord").exists()


def test_a_public_task_needs_its_article(client, world):
    record = ProcessingRecord.objects.get(category="identity")
    login(client, world.privacy_officer)
    response = client.post(_edit_url("identity"), _form_data(record, legal_article="  "))
    assert response.status_code == 200
    assert "legal_article" in response.context["form"].errors
    assert (
        'class="utrecht-alert utrecht-alert--error dwv-error-summary"' in response.content.decode()
    )
    record.refresh_from_db()
    assert "WVO" in record.legal_article
    # Consent rests on no article: it may stay empty.
    response = client.post(
        _edit_url("identity"), _form_data(record, legal_basis="consent", legal_article="")
    )
    assert response.status_code == 302


def test_retention_months_out_of_range_keeps_the_input(client, world):
    record = ProcessingRecord.objects.get(category="status")
    login(client, world.privacy_officer)
    response = client.post(_edit_url("status"), _form_data(record, retention_months=0))
    assert response.status_code == 200
    assert "retention_months" in response.context["form"].errors
    assert response.context["form"]["retention_months"].value() == "0"
    record.refresh_from_db()
    assert record.retention_months == 60


def test_visibility_follows_an_edit_of_the_register(client, world):
    coach = _as(world.coach)
    person = world.person
    assert "contact" in categories_for(user=coach, person=person)
    assert person in people_visible_to(user=coach, category="contact")

    record = ProcessingRecord.objects.get(category="contact")
    kinds = [k for k in record.organisation_kinds if k != "school"]
    shared = [k for k in record.shared_without_consent_with if k != "school"]
    login(client, world.privacy_officer)
    response = client.post(
        _edit_url("contact"),
        _form_data(record, organisation_kinds=kinds, shared_without_consent_with=shared),
    )
    assert response.status_code == 302

    coach = _as(world.coach)
    assert "contact" not in categories_for(user=coach, person=person)
    assert "identity" in categories_for(user=coach, person=person)
    assert person not in people_visible_to(user=coach, category="contact")
    assert person in people_visible_to(user=coach)
    # The municipality's coach still sees it: the register allows its partner type.
    assert "contact" in categories_for(user=_as(world.rmc_consultant), person=person)
