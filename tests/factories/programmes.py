import factory

from dwarsverbinder.programmes.models import Project


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    slug = factory.Sequence(lambda n: f"pilot-{n}")
    name = factory.Sequence(lambda n: f"Pilot {n}")
