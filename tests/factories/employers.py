import datetime

import factory

from dwarsverbinder.employers.constants import (
    ContactChannel,
    ContactOutcome,
    ContactPurpose,
    OpeningKind,
    Sector,
    SizeClass,
)
from dwarsverbinder.employers.models import (
    AccountOwner,
    ContactPerson,
    Employer,
    EmployerContact,
    Location,
    Opening,
    Placement,
)

from .accounts import UserFactory
from .network import OrganisationFactory
from .people import PersonFactory


class EmployerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employer

    name = factory.Sequence(lambda n: f"Bedrijf {n} B.V.")
    kvk_number = factory.Sequence(lambda n: f"{10000000 + n:08d}")
    sector = Sector.LOGISTICS
    size = SizeClass.SMALL


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location

    employer = factory.SubFactory(EmployerFactory)
    street = factory.Sequence(lambda n: f"Industrieweg {n}")
    postcode = "4004 KA"
    city = "Tiel"
    is_main = True


class ContactPersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactPerson

    employer = factory.SubFactory(EmployerFactory)
    name = factory.Faker("name", locale="nl_NL")
    job_title = "HR-adviseur"
    email = factory.Sequence(lambda n: f"hr{n}@bedrijf.example")


class AccountOwnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AccountOwner

    employer = factory.SubFactory(EmployerFactory)
    organisation = factory.SubFactory(OrganisationFactory, rmc=True)
    user = factory.SubFactory(UserFactory)
    since = datetime.date(2025, 1, 1)


class EmployerContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EmployerContact

    employer = factory.SubFactory(EmployerFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    date = datetime.date(2026, 11, 1)
    channel = ContactChannel.PHONE
    purpose = ContactPurpose.BPV
    outcome = ContactOutcome.INTERESTED
    summary = "Stageplaatsen logistiek besproken."


class OpeningFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Opening

    employer = factory.SubFactory(EmployerFactory)
    location = factory.LazyAttribute(lambda o: LocationFactory(employer=o.employer))
    kind = OpeningKind.BPV
    title = factory.Sequence(lambda n: f"Stage magazijn {n}")
    programme_types = factory.LazyFunction(lambda: ["mbo_bol", "mbo_bbl", "entree"])
    level_min = 1
    level_max = 2
    hours_min = 16
    hours_max = 32
    organisation = factory.SubFactory(OrganisationFactory)


class PlacementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Placement

    person = factory.SubFactory(PersonFactory)
    employer = factory.SubFactory(EmployerFactory)
    kind = OpeningKind.JOB
    organisation = factory.SubFactory(OrganisationFactory)
    start_date = datetime.date(2026, 1, 5)
    hours = 24


class MatchProfileFactory(factory.django.DjangoModelFactory):
    """What a young person looks for (openings and matching)."""

    class Meta:
        model = "employers.MatchProfile"

    person = factory.SubFactory(PersonFactory)
    interests = factory.LazyFunction(lambda: ["logistiek"])
    hours_wanted = 24
    max_distance_km = 20
    kinds = factory.LazyFunction(lambda: ["bpv"])


class ProposalFactory(factory.django.DjangoModelFactory):
    """A young person proposed for an opening (openings and matching)."""

    class Meta:
        model = "employers.Proposal"

    opening = factory.SubFactory(OpeningFactory)
    person = factory.SubFactory(PersonFactory)
    organisation = factory.SubFactory(OrganisationFactory)
