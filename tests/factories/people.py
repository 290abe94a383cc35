import datetime

import factory

from dwarsverbinder.people.constants import ProgrammeType
from dwarsverbinder.people.models import Assignment, Person, SchoolCareer

from .network import MunicipalityFactory, OrganisationFactory


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    given_names = factory.Faker("first_name", locale="nl_NL")
    surname = factory.Faker("last_name", locale="nl_NL")
    date_of_birth = factory.Faker(
        "date_between", start_date=datetime.date(2000, 1, 1), end_date=datetime.date(2009, 12, 31)
    )
    postcode = "1234AB"
    municipality = factory.SubFactory(MunicipalityFactory)


class SchoolCareerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SchoolCareer

    person = factory.SubFactory(PersonFactory)
    school = factory.SubFactory(OrganisationFactory, school=True)
    programme_type = ProgrammeType.MBO_BOL
    level = 2
    start_date = datetime.date(2022, 8, 15)


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    person = factory.SubFactory(PersonFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    started_at = datetime.date(2024, 1, 1)
