from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

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
