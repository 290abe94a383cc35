"""The pseudonymised researcher extract (/monitor/onderzoeksbestand/): its rows are the
engine's outcomes, one per person and horizon reached; the pseudonym is new in every
extract and the same across the horizons of one; no names, contact details or ids; analysts
only (404 for coordinators, caseworkers and the rest); every download audited without
personal data; bad input shows the form again with what was typed; a fixed number of
queries however many people."""

from __future__ import annotations

import datetime
import io
import json
import re
import zipfile
from collections import Counter, defaultdict

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dwarsverbinder.accounts.constants import Role
from dwarsverbinder.monitor import engine, extract
from dwarsverbinder.monitor.definitions import DEFINITION_V1
from dwarsverbinder.people.cohorts import cohort_label
from dwarsverbinder.people.models import Person, StatusEpisode
from dwarsverbinder.privacy.models import AuditEvent
from tests.factories import (
    MembershipFactory,
    MunicipalityFactory,
    OrganisationFactory,
    PersonFactory,
    RegionFactory,
    SchoolCareerFactory,
)
from tests.unit.test_survey_results import _csv, _xlsx

URL = "/monitor/onderzoeksbestand/"
D = datetime.date
COHORT = "2022-2023"
LEAVE = D(2023, 6, 30)  # 3, 6 and 12 months passed on TODAY, 18 and 24 not
EARLY = D(2022, 9, 30)  # 3 to 18 months passed on TODAY, 24 not
TODAY = D(2024, 9, 1)
KEY = b"k" * extract.KEY_BYTES
HEX16 = re.compile(r"[0-9a-f]{16}")
PURPOSE = "Studie naar duurzame uitstroom, cohort 2022-2023"


@pytest.fixture(autouse=True)
def english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def leaver(municipality, school, *episodes, leave=LEAVE, programme="mbo_bol", level=2, **person):
    """A young person who left ``school`` on ``leave``, with (kind, start, end) episodes."""
    someone = PersonFactory(municipality=municipality, **person)
    SchoolCareerFactory(
        person=someone,
        school=school,
        programme_type=programme,
        level=level,
        start_date=leave - datetime.timedelta(days=365),
        leave_date=leave,
    )
    for kind, start, end in episodes:
        StatusEpisode.objects.create(
            person=someone,
            kind=kind,
            start_date=start,
            end_date=end,
            last_confirmed=start,
            source="school",
        )
    return someone


def werk(leave=LEAVE):
    return ("werk", leave, leave + datetime.timedelta(days=800))


@pytest.fixture
def cohort(world):
    """Eight people in cohort 2022-2023 with different routes, and three who are not in it
    (another cohort, out of scope, still at school)."""
    other = MunicipalityFactory(code="gemeente-b", rmc_region=RegionFactory(code="rmc-b"))
    school, elders = world.school, world.other_school
    people = {
        "named": leaver(
            world.municipality,
            school,
            werk(),
            given_names="Fenna",
            surname="Oosterbeek-Vrolijk",
            postcode="4001XY",
            date_of_birth=D(2005, 3, 14),
            gender="v",
        ),
        "school_then_none": leaver(
            other,
            elders,
            ("onderwijs", LEAVE, D(2023, 11, 30)),
            ("geen", D(2023, 12, 1), D(2025, 12, 31)),
            gender="m",
        ),
        "care": leaver(world.municipality, school, werk(), ("zorg", LEAVE, D(2024, 2, 1))),
        "unknown": leaver(world.municipality, elders, programme="pro", level=None),
        "nowhere": leaver(None, school, ("dagbesteding", LEAVE, None)),
        "early": leaver(other, school, werk(EARLY), leave=EARLY, programme="entree", level=1),
        "benefit": leaver(world.municipality, school, ("uitkering", EARLY, None), leave=EARLY),
        "vso": leaver(other, elders, werk(), programme="vso", level=None, gender="x"),
    }
    # Not in the extract of 2022-2023.
    leaver(world.municipality, school, werk(D(2023, 8, 1)), leave=D(2023, 8, 1))
    out_of_scope = leaver(world.municipality, school, werk(), level=4)
    out_of_scope.school_careers.update(startkwalificatie=True)
    return people


def expected_rows(key: bytes, horizons=DEFINITION_V1.horizons, today=TODAY) -> list[tuple]:
    """The engine's outcomes with the person's data read here, one tuple per row."""
    members = engine.cohort_members(cohort=COHORT, scope=DEFINITION_V1.scope)
    rows = []
    for horizon in horizons:
        for o in engine.outcomes(members, horizon=horizon, today=today, definition=DEFINITION_V1):
            person = Person.objects.get(pk=o.member.person_id)
            career = person.school_careers.get(leave_date=o.member.leave_date)
            place = person.municipality
            rows.append(
                (
                    extract.pseudonym(person.pk, key),
                    COHORT,
                    o.member.leave_date.strftime("%Y-%m"),
                    horizon,
                    o.reference_date.strftime("%Y-%m"),
                    o.position,
                    o.flag,
                    o.lasting,
                    place.rmc_region.code if place and place.rmc_region else None,
                    place.code if place else None,
                    career.school.code,
                    career.programme_type,
                    career.level,
                    person.gender or None,
                    person.date_of_birth.year,
                )
            )
    return sorted(rows, key=lambda row: (row[0], row[3]))


def as_tuples(result) -> list[tuple]:
    return [tuple(getattr(row, name) for name in extract.COLUMNS) for row in result.rows]


def fixed_key(monkeypatch):
    monkeypatch.setattr(extract.secrets, "token_bytes", lambda n: KEY[:n])


# -- the service -----------------------------------------------------------------------------


def test_the_rows_are_the_engines_outcomes(cohort, monkeypatch):
    fixed_key(monkeypatch)
    result = extract.build_extract(cohort=COHORT, horizons=[24, 3, 12, 6, 18], today=TODAY)
    assert (result.definition, result.cohort, result.horizons) == ("v1", COHORT, (3, 6, 12, 18, 24))
    assert as_tuples(result) == expected_rows(KEY)

    # Six people left in June 2023 (3, 6, 12 months reached), two in September 2022 (3 to 18).
    assert len(result.rows) == 6 * 3 + 2 * 4
    by_person = {p: extract.pseudonym(person.pk, KEY) for p, person in cohort.items()}
    rows = {(r.pseudonym, r.horizon): r for r in result.rows}
    named = rows[by_person["named"], 12]
    assert (named.leave_month, named.reference_month, named.position) == (
        "2023-06",
        "2024-06",
        "werk",
    )
    assert (named.rmc_region, named.municipality, named.school) == (
        "rmc-rivierenland",
        "gemeente-tiel",
        "roc-rivor",
    )
    assert (named.gender, named.birth_year, named.lasting_outflow) == ("v", 2005, True)
    assert rows[by_person["named"], 6].lasting_outflow is None  # not known before 12 months
    assert (by_person["named"], 18) not in rows  # not reached on TODAY
    assert rows[by_person["early"], 18].reference_month == "2024-03"
    assert (by_person["early"], 24) not in rows
    assert [rows[by_person["school_then_none"], h].position for h in (3, 6, 12)] == [
        "onderwijs",
        "geen",
        "geen",
    ]
    assert [rows[by_person["care"], h].care for h in (3, 6, 12)] == [True, True, False]
    assert rows[by_person["care"], 3].position == "werk"  # zorg is a flag, not the position
    assert rows[by_person["unknown"], 12].position == "onbekend"
    nowhere = rows[by_person["nowhere"], 12]
    assert (nowhere.rmc_region, nowhere.municipality, nowhere.gender) == (None, None, None)
    assert rows[by_person["vso"], 3].level is None


def test_only_the_chosen_horizons(cohort, monkeypatch):
    fixed_key(monkeypatch)
    result = extract.build_extract(cohort=COHORT, horizons=[18, 6], today=TODAY)
    assert result.horizons == (6, 18)
    assert as_tuples(result) == expected_rows(KEY, horizons=(6, 18))
    assert sorted(r.horizon for r in result.rows) == [6] * 8 + [18] * 2


def test_rows_are_in_pseudonym_order_not_id_order(cohort, monkeypatch):
    fixed_key(monkeypatch)
    result = extract.build_extract(cohort=COHORT, horizons=[3], today=TODAY)
    pseudonyms = [r.pseudonym for r in result.rows]
    assert pseudonyms == sorted(pseudonyms)
    by_pseudonym = {extract.pseudonym(p.pk, KEY): p.pk for p in cohort.values()}
    ids = [by_pseudonym[p] for p in pseudonyms]
    assert ids != sorted(ids)  # with this key, the id order is not given away


def test_pseudonyms_differ_between_extracts_and_agree_across_horizons(cohort):
    first = extract.build_extract(cohort=COHORT, horizons=[3, 6, 12, 18], today=TODAY)
    second = extract.build_extract(cohort=COHORT, horizons=[3, 6, 12, 18], today=TODAY)
    for result in (first, second):
        horizons = defaultdict(list)
        for row in result.rows:
            assert HEX16.fullmatch(row.pseudonym)
            horizons[row.pseudonym].append((row.horizon, row.leave_month))
        # One pseudonym per person, with every horizon the person reached.
        assert len(horizons) == len(cohort)
        assert sorted(map(len, horizons.values())) == [3] * 6 + [4] * 2
    assert not {r.pseudonym for r in first.rows} & {r.pseudonym for r in second.rows}
    assert as_tuples(first) != as_tuples(second)
    # The same people with the same rows, only under other pseudonyms.
    assert people(first) == people(second)


def people(result) -> Counter:
    """Each pseudonym's rows without the pseudonym: one entry per person."""
    rows = defaultdict(set)
    for row in as_tuples(result):
        rows[row[0]].add(row[1:])
    return Counter(frozenset(r) for r in rows.values())


def test_the_pseudonym_is_a_truncated_hmac_of_the_id():
    import hashlib
    import hmac

    assert extract.pseudonym(42, KEY) == hmac.new(KEY, b"42", hashlib.sha256).hexdigest()[:16]
    assert extract.pseudonym(42, KEY) != extract.pseudonym(42, b"x" * 32)
    assert extract.pseudonym(42, KEY) != extract.pseudonym(43, KEY)


def test_bad_input_is_refused(cohort):
    with pytest.raises(ValueError):
        extract.build_extract(cohort=COHORT, horizons=[9])
    with pytest.raises(ValueError):
        extract.build_extract(cohort=COHORT, horizons=[])
    with pytest.raises(ValueError):
        extract.build_extract(cohort="2022-2024", horizons=[12])


def test_the_number_of_queries_does_not_grow_with_people(
    cohort, world, django_assert_max_num_queries
):
    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            result = extract.build_extract(cohort=COHORT, horizons=[3, 6, 12, 18, 24])
        return len(ctx.captured_queries), len(result.rows)

    few, rows = queries()
    for _ in range(30):
        leaver(MunicipalityFactory(), OrganisationFactory(school=True), werk())
    many, more_rows = queries()
    assert more_rows == rows + 30 * 5
    # The cohort, the codes (two), the birth years and one per horizon for the episodes.
    assert few == many <= 1 + 2 + 1 + 5
    with django_assert_max_num_queries(1 + 2 + 1 + 5):
        extract.build_extract(cohort=COHORT, horizons=[3, 6, 12, 18, 24])


# -- the page and the download ------------------------------------------------------------------


def download(client, **data):
    payload = {"cohort": COHORT, "horizons": [3, 6, 12], "format": "csv", "purpose": PURPOSE}
    payload.update(data)
    return client.post(URL, payload)


def test_the_form_offers_every_horizon_and_describes_the_columns(client, world, cohort):
    client.force_login(world.analyst)
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 class="utrecht-heading-1">Researcher extract</h1>' in html
    for horizon in DEFINITION_V1.horizons:
        assert re.search(
            rf'<input type="checkbox" name="horizons" value="{horizon}"[^>]* checked', html
        )
    assert re.search(r'<input type="radio" name="format" value="csv"[^>]* checked', html)
    assert '<option value="2022-2023">2022-2023</option>' in html
    assert '<option value="2023-2024">2023-2024</option>' in html
    columns = html[html.index('id="extract-columns"') :]
    for name in extract.COLUMNS:
        assert f"<dt><code>{name}</code></dt>" in columns
    assert "definition v1" in html
    assert not AuditEvent.objects.filter(object_type="monitor.extract").exists()


def test_csv_download_holds_the_rows_and_no_names(client, world, cohort):
    client.force_login(world.analyst)
    response = download(client)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == 'attachment; filename="monitor-extract-2022-2023.csv"'
    assert response["Cache-Control"] == "no-store"
    rows = _csv(response)
    assert rows[0] == list(extract.COLUMNS)
    # Every person at 3, 6 and 12 months: all of them reached those horizons long ago.
    assert len(rows) == 1 + len(cohort) * 3
    assert all(HEX16.fullmatch(row[0]) for row in rows[1:])
    assert len({row[0] for row in rows[1:]}) == len(cohort)
    named_12 = [r for r in rows if r[2:4] == ["2023-06", "12"] and r[13] == "v"]
    assert named_12 == [[named_12[0][0], COHORT, "2023-06", "12", "2024-06", "werk", "0", "1",
                         "rmc-rivierenland", "gemeente-tiel", "roc-rivor", "mbo_bol", "2", "v",
                         "2005"]]  # fmt: skip

    text = response.content.decode("utf-8")
    for personal in ("Fenna", "Oosterbeek", "4001XY", "2005-03-14", "14-03-2005"):
        assert personal not in text


def test_every_download_writes_one_audit_event_without_personal_data(client, world, cohort):
    client.force_login(world.analyst)
    response = download(client, horizons=[12, 3], format="xlsx")
    assert response.status_code == 200
    event = AuditEvent.objects.get(object_type="monitor.extract")
    assert (event.action, event.role, event.person_id) == ("export", Role.ANALYST, None)
    assert event.object_id == ""
    assert event.detail == {
        "definition": "v1",
        "cohort": COHORT,
        "horizons": [3, 12],
        "format": "xlsx",
        "rows": len(cohort) * 2,
        "purpose": PURPOSE,
    }
    stored = json.dumps([event.detail, event.changes])
    pseudonyms = {row[0] for row in _xlsx(response)[1:]}
    assert len(pseudonyms) == len(cohort)
    assert not any(p in stored for p in pseudonyms)
    assert "Oosterbeek" not in stored and "Fenna" not in stored

    download(client)
    assert AuditEvent.objects.filter(object_type="monitor.extract", action="export").count() == 2


def test_the_xlsx_opens_with_numbers_as_numbers(client, world, cohort):
    rogue = OrganisationFactory(school=True, code="=HYPERLINK(1)")
    leaver(world.municipality, rogue, werk())
    client.force_login(world.analyst)
    response = download(client, format="xlsx", horizons=[12])
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="monitor-extract-2022-2023.xlsx"' in response["Content-Disposition"]
    grid = _xlsx(response)
    assert grid[0] == list(extract.COLUMNS)
    assert len(grid) == 1 + len(cohort) + 1
    assert "=HYPERLINK(1)" in [row[10] for row in grid[1:]]  # a string cell, not a formula
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet
    # Horizon and birth year are numbers (no t="s" or inline string), the pseudonym text.
    assert re.search(r'<c r="D2"(?: s="\d+")?><v>12</v></c>', sheet)
    assert re.search(r'<c r="O2"(?: s="\d+")?><v>\d{4}</v></c>', sheet)


@pytest.mark.parametrize(
    "who",
    ["coordinator", "coach", "rmc_consultant", "privacy_officer", "outsider", "administrator"],
)
def test_everyone_but_the_analyst_gets_a_404(client, world, cohort, who):
    if who == "coordinator":
        user = MembershipFactory(organisation=world.rmc_office, role=Role.COORDINATOR).user
        client.force_login(user)
        assert client.get("/monitor/").status_code == 200  # the aggregates, yes
    else:
        client.force_login(getattr(world, who))
    assert client.get(URL).status_code == 404
    assert download(client).status_code == 404
    assert not AuditEvent.objects.filter(object_type="monitor.extract").exists()


def test_anonymous_users_are_sent_to_the_login(client, cohort):
    for response in (client.get(URL), download(client)):
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not AuditEvent.objects.filter(object_type="monitor.extract").exists()


def test_bad_input_shows_the_form_again_with_an_error_per_field(client, world, cohort):
    client.force_login(world.analyst)
    response = client.post(
        URL, {"cohort": "", "horizons": ["6", "7"], "format": "pdf", "purpose": "   "}
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors == {
        "cohort": ["Choose a cohort."],
        "horizons": ["Choose one or more horizons from the list: 3, 6, 12, 18 or 24 months."],
        "format": ["Choose CSV or XLSX."],
        "purpose": ["Write what the file is for."],
    }
    html = response.content.decode()
    assert "<title>Error: Researcher extract" in html
    assert "dwv-error-summary" in html
    for anchor in ("id_cohort", "id_horizons_0", "id_format_0", "id_purpose"):
        assert f'href="#{anchor}"' in html
    assert not AuditEvent.objects.filter(object_type="monitor.extract").exists()

    response = client.post(
        URL, {"cohort": "1999-2000", "horizons": [], "format": "xlsx", "purpose": PURPOSE}
    )
    assert set(response.context["form"].errors) == {"cohort", "horizons"}
    html = response.content.decode()
    assert PURPOSE in html  # what was typed is kept
    assert re.search(r'<input type="radio" name="format" value="xlsx"[^>]* checked', html)
    assert not re.search(r'<input type="checkbox" name="horizons" value="\d+"[^>]* checked', html)


def test_a_missing_purpose_keeps_the_other_choices(client, world, cohort):
    client.force_login(world.analyst)
    response = download(client, horizons=[6, 24], format="xlsx", purpose="")
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"purpose"}
    html = response.content.decode()
    assert '<option value="2022-2023" selected>' in html
    checked = re.findall(r'<input type="checkbox" name="horizons" value="(\d+)"[^>]* checked', html)
    assert checked == ["6", "24"]
    assert re.search(r'<input type="radio" name="format" value="xlsx"[^>]* checked', html)
    assert 'id="id_purpose_error"' in html
    assert not AuditEvent.objects.filter(object_type="monitor.extract").exists()


def test_a_cohort_nobody_has_reached_a_horizon_of_yet(client, world):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    leaver(world.municipality, world.school, werk(yesterday), leave=yesterday)
    client.force_login(world.analyst)
    response = download(client, cohort=cohort_label(yesterday), horizons=[3])
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "horizons": [f"Nobody in cohort {cohort_label(yesterday)} has reached these horizons yet."]
    }
    assert not AuditEvent.objects.filter(object_type="monitor.extract").exists()


def test_no_cohorts_yet(client, world):
    client.force_login(world.analyst)
    response = client.get(URL)
    assert response.status_code == 200
    assert "There are no school leavers in the monitor yet." in response.content.decode()
    assert download(client).status_code == 400


def test_the_download_needs_a_fixed_number_of_queries(client, world, cohort):
    client.force_login(world.analyst)

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            response = download(client, horizons=[3, 6, 12, 18, 24])
        assert response.status_code == 200
        return len(ctx.captured_queries)

    before = queries()
    for _ in range(20):
        leaver(MunicipalityFactory(), OrganisationFactory(school=True), werk())
    assert queries() == before
