from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, Max

from dwarsverbinder.people.models import Identity, Person, SchoolCareer, StatusEpisode


@pytest.mark.django_db
def test_generate_adds_people_each_run_without_clashes():
    call_command("generate", people=300, chunk=120, stdout=StringIO())
    call_command("generate", people=200, seed=2, stdout=StringIO())
    assert Person.objects.filter(municipality__code__startswith="gen-").count() == 500
    assert SchoolCareer.objects.count() == 500
    assert Identity.objects.filter(kind="bsn").count() == 500
    assert StatusEpisode.objects.exists()
    assert not SchoolCareer.objects.filter(leave_date__lt=models_start()).exists()


def models_start():
    from django.db.models import F

    return F("start_date")


@pytest.mark.django_db
def test_generate_refuses_nonsense():
    with pytest.raises(CommandError):
        call_command("generate", people=0, stdout=StringIO())


@pytest.mark.django_db
def test_generate_gives_one_or_two_episodes_per_person_by_default():
    call_command("generate", people=300, stdout=StringIO())
    most = StatusEpisode.objects.values("person").annotate(n=Count("id")).aggregate(m=Max("n"))
    assert most["m"] == 2
    assert not StatusEpisode.objects.filter(kind="zorg").exists()


@pytest.mark.django_db
def test_generate_builds_a_history_of_episodes_and_earlier_careers():
    call_command(
        "generate", people=300, episodes_per_person=8, earlier_careers=0.5, stdout=StringIO()
    )
    per_person = StatusEpisode.objects.count() / Person.objects.count()
    assert 6 <= per_person <= 10
    assert StatusEpisode.objects.filter(kind="zorg").exists()
    # The last period of a history stays open; one in twenty earlier ones does too.
    assert StatusEpisode.objects.filter(end_date__isnull=True).count() >= 250
    careers = SchoolCareer.objects.count()
    assert 400 <= careers <= 500
    twice = (
        SchoolCareer.objects.values("person").annotate(n=Count("id")).filter(n=2).values("person")
    )
    for person in Person.objects.filter(pk__in=twice)[:20]:
        earlier, main = person.school_careers.order_by("start_date")
        assert earlier.leave_date <= main.start_date


@pytest.mark.django_db
@pytest.mark.parametrize(
    "options", [{"episodes_per_person": 0}, {"earlier_careers": 1.5}, {"earlier_careers": -0.1}]
)
def test_generate_refuses_nonsense_history(options):
    with pytest.raises(CommandError):
        call_command("generate", people=10, stdout=StringIO(), **options)
    assert not Person.objects.exists()
