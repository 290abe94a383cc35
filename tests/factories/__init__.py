from .accounts import MembershipFactory, UserFactory
from .employers import (
    AccountOwnerFactory,
    ContactPersonFactory,
    EmployerContactFactory,
    EmployerFactory,
    LocationFactory,
    OpeningFactory,
    PlacementFactory,
)
from .network import MunicipalityFactory, OrganisationFactory, RegionFactory
from .people import AssignmentFactory, PersonFactory, SchoolCareerFactory
from .programmes import ProjectFactory

__all__ = [
    "AccountOwnerFactory",
    "ContactPersonFactory",
    "EmployerContactFactory",
    "EmployerFactory",
    "LocationFactory",
    "OpeningFactory",
    "PlacementFactory",
    "AssignmentFactory",
    "MembershipFactory",
    "MunicipalityFactory",
    "OrganisationFactory",
    "PersonFactory",
    "ProjectFactory",
    "RegionFactory",
    "SchoolCareerFactory",
    "UserFactory",
]
