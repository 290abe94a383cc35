from .accounts import MembershipFactory, UserFactory
from .network import MunicipalityFactory, OrganisationFactory, RegionFactory
from .people import AssignmentFactory, PersonFactory, SchoolCareerFactory
from .programmes import ProjectFactory

__all__ = [
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
