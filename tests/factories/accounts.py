import factory
from allauth.account.models import EmailAddress

from dwarsverbinder.accounts.constants import Role
from dwarsverbinder.accounts.models import Membership, User

from .network import OrganisationFactory

PASSWORD = "test-wachtwoord-123"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.nl")
    # Names of their own, never a young person's (the factories give young people Dutch
    # names): a test that checks a young person's name is absent from a page showing who
    # did something must not trip over a user who happens to share it.
    first_name = factory.Sequence(lambda n: f"Collega{n}")
    last_name = factory.Sequence(lambda n: f"Medewerker{n}")

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or PASSWORD)
        if create:
            self.save(update_fields=["password"])
            EmailAddress.objects.create(user=self, email=self.email, primary=True, verified=True)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.COACH
