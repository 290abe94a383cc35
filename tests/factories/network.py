import factory

from dwarsverbinder.network.constants import OrganisationKind, RegionKind
from dwarsverbinder.network.models import Organisation, Region


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region

    code = factory.Sequence(lambda n: f"rmc-{n}")
    name = factory.Sequence(lambda n: f"RMC-regio {n}")
    kind = RegionKind.RMC


class MunicipalityFactory(RegionFactory):
    code = factory.Sequence(lambda n: f"gemeente-{n}")
    name = factory.Sequence(lambda n: f"Gemeente {n}")
    kind = RegionKind.MUNICIPALITY
    rmc_region = factory.SubFactory(RegionFactory)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"org-{n}")
    name = factory.Sequence(lambda n: f"Organisatie {n}")
    kind = OrganisationKind.SCHOOL

    class Params:
        school = factory.Trait(kind=OrganisationKind.SCHOOL, sectors=["mbo"])
        rmc = factory.Trait(kind=OrganisationKind.MUNICIPALITY, functions=["leerplicht", "rmc"])
        care = factory.Trait(kind=OrganisationKind.CARE)

    @factory.post_generation
    def regions(self, create, extracted, **kwargs):
        if create and extracted:
            self.regions.set(extracted)
