from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..cohorts import cohort_label
from ..constants import IdentityKind, Position, Source
from ..models import ContactChannel, Identity, Person, SchoolCareer, StatusEpisode
from ..positions import position_at
from ..selectors import people_visible_to


def organisation_field(source: str | None = None, **kwargs) -> serializers.SlugRelatedField:
    """Organisations are named by their code, as in /api/v1/organisations/<code>/."""
    return serializers.SlugRelatedField(slug_field="code", read_only=True, source=source, **kwargs)


def user_field(help_text: str) -> serializers.SlugRelatedField:
    """A user named by username; null when nobody (or an account since removed)."""
    return serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True, help_text=help_text
    )


class PersonSerializer(serializers.ModelSerializer):
    """A young person. ``position`` and ``cohort`` need ``episodes`` and ``school_careers``
    prefetched, or each row costs two queries."""

    municipality = serializers.SlugRelatedField(slug_field="code", read_only=True)
    position = serializers.SerializerMethodField(
        help_text="Position today (monitor definition v1); null when the caller may not "
        "see the person's statuses."
    )
    cohort = serializers.SerializerMethodField(
        help_text='School year of the last leave date ("2023-2024"); null while enrolled.'
    )

    class Meta:
        model = Person
        fields = [
            "id",
            "given_names",
            "tussenvoegsel",
            "surname",
            "date_of_birth",
            "gender",
            "postcode",
            "municipality",
            "position",
            "cohort",
        ]

    @extend_schema_field(serializers.ChoiceField(choices=Position.choices, allow_null=True))
    def get_position(self, person: Person) -> str | None:
        """Null when the caller may not see this person's statuses (the register, or a
        handover that does not carry them)."""
        if not getattr(person, "status_shown", True):
            return None
        return position_at(person.episodes.all(), timezone.localdate()).position

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_cohort(self, person: Person) -> str | None:
        leave_dates = [c.leave_date for c in person.school_careers.all() if c.leave_date]
        return cohort_label(max(leave_dates)) if leave_dates else None


class IdentitySerializer(serializers.ModelSerializer):
    """Identities without their values for a BSN: the pseudonym never leaves the system."""

    school = organisation_field(source="organisation", allow_null=True)
    student_number = serializers.SerializerMethodField()

    class Meta:
        model = Identity
        fields = ["id", "person", "kind", "school", "student_number"]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_student_number(self, identity: Identity) -> str | None:
        return identity.value if identity.kind == IdentityKind.STUDENT_NUMBER else None


class ContactChannelSerializer(serializers.ModelSerializer):
    class Meta:
        model = ContactChannel
        fields = [
            "id",
            "person",
            "kind",
            "value",
            "label",
            "source",
            "last_confirmed",
            "is_active",
            "created_at",
        ]


class SchoolCareerSerializer(serializers.ModelSerializer):
    school = organisation_field()
    cohort = serializers.CharField(
        read_only=True, help_text='School year of leaving; "" while enrolled.'
    )

    class Meta:
        model = SchoolCareer
        fields = [
            "id",
            "person",
            "school",
            "programme_type",
            "level",
            "programme_name",
            "crebo",
            "uitstroomprofiel",
            "leerweg",
            "start_date",
            "leave_date",
            "leave_reason",
            "diploma",
            "startkwalificatie",
            "cohort",
        ]


class VisiblePersonField(serializers.PrimaryKeyRelatedField):
    """A young person the caller may see; anyone else reads as "does not exist"."""

    def get_queryset(self):
        return people_visible_to(user=self.context["request"].user)


class StatusEpisodeSerializer(serializers.ModelSerializer):
    """An episode; the same fields are what a client sends to record one (the view hands
    them to people.services.episode_record, which checks the dates and writes)."""

    person = VisiblePersonField(queryset=Person.objects.all())
    recorded_by = user_field("Username of who recorded it.")

    class Meta:
        model = StatusEpisode
        fields = [
            "id",
            "person",
            "kind",
            "start_date",
            "end_date",
            "last_confirmed",
            "source",
            "note",
            "recorded_by",
            "recorded_at",
        ]
        extra_kwargs = {
            "last_confirmed": {
                "required": False,
                "allow_null": True,
                "help_text": "Defaults to today (or the end date when that is earlier).",
            },
            "source": {"default": Source.COACH},
            "note": {"default": ""},
        }
