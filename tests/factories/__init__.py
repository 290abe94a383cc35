from .accounts import MembershipFactory, UserFactory
from .network import MunicipalityFactory, OrganisationFactory, RegionFactory
from .people import AssignmentFactory, PersonFactory, SchoolCareerFactory

__all__ = [
    "AssignmentFactory",
    "MembershipFactory",
    "MunicipalityFactory",
    "OrganisationFactory",
    "PersonFactory",
    "RegionFactory",
    "SchoolCareerFactory",
    "UserFactory",
]
