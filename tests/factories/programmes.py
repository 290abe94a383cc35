import datetime

import factory

from dwarsverbinder.programmes.models import Project


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    slug = factory.Sequence(lambda n: f"pilot-{n}")
    name = factory.Sequence(lambda n: f"Pilot {n}")


# -- regional issues and projects (issue 8, items 1 and 2) -------------------------------


class RegionalIssueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "programmes.RegionalIssue"

    number = factory.Sequence(lambda n: n + 1)
    slug = factory.Sequence(lambda n: f"vraagstuk-{n}")
    title = factory.Sequence(lambda n: f"Vraagstuk {n}")
    summary = "Jongeren vallen tussen wal en schip na school."


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "programmes.Milestone"

    project = factory.SubFactory(ProjectFactory)
    title = factory.Sequence(lambda n: f"Mijlpaal {n}")
    due_on = datetime.date(2026, 6, 1)


class ProjectParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "programmes.ProjectParticipation"

    project = factory.SubFactory(ProjectFactory)
    person = factory.SubFactory("tests.factories.people.PersonFactory")
    joined_on = datetime.date(2026, 1, 1)


# -- funding (issue 8, items 3 and 5) ------------------------------------------------------


class FundingLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "programmes.FundingLine"

    project = factory.SubFactory(ProjectFactory)
    source = "provincie"
    funder = factory.Sequence(lambda n: f"Financier {n}")
    amount_granted = 10000


class FundingYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "programmes.FundingYear"

    funding = factory.SubFactory(FundingLineFactory)
    year = 2025
    granted = 0
    spent = 0


class ReportingDateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "programmes.ReportingDate"

    funding = factory.SubFactory(FundingLineFactory)
    due_on = datetime.date(2026, 6, 1)
    description = factory.Sequence(lambda n: f"Rapportage {n}")


# -- overlap and learning circles --------------------------------------------------------


class LearningCircleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "programmes.LearningCircle"

    title = factory.Sequence(lambda n: f"Leercirkel {n}")
    held_on = datetime.date(2025, 4, 1)
    place = "Utrecht"


class LearningCircleParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "programmes.LearningCircleParticipant"

    circle = factory.SubFactory(LearningCircleFactory)
    organisation = factory.SubFactory("tests.factories.network.OrganisationFactory")
