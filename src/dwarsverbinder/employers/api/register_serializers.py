"""Serializers of the employer register's API. Shape only: the rules (a valid and unique KvK
number, no approach in the future, a contact person of the same employer) live in
employers/register.py, whose errors come back as a 400 with the same field keys."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from dwarsverbinder.network.models import Region
from dwarsverbinder.people.api.serializers import organisation_field, user_field
from dwarsverbinder.programmes.models import Project

from ..models import AccountOwner, Accreditation, ContactPerson, Employer, EmployerContact, Location
from ..register_selectors import current_owner


class EmployerLocationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Location
        fields = ["id", "name", "street", "postcode", "city", "is_main"]
        read_only_fields = fields


class EmployerAccreditationSerializer(serializers.ModelSerializer):
    """SBB recognition as erkend leerbedrijf for one programme, from and until."""

    current = serializers.SerializerMethodField(help_text="Whether it holds today.")

    class Meta:
        model = Accreditation
        fields = ["id", "crebo", "programme_name", "level", "valid_from", "valid_until", "current"]
        read_only_fields = fields

    def get_current(self, accreditation: Accreditation) -> bool:
        today = timezone.localdate()
        return accreditation.valid_from <= today and (
            accreditation.valid_until is None or accreditation.valid_until >= today
        )


class EmployerContactPersonSerializer(serializers.ModelSerializer):
    class Meta:
        model = ContactPerson
        fields = ["id", "name", "job_title", "email", "phone", "is_active"]
        read_only_fields = fields


class EmployerAccountOwnerSerializer(serializers.ModelSerializer):
    """Who leads contact with the employer: the organisation (code) and the account
    manager (username)."""

    organisation = organisation_field()
    user = user_field("Username of the account manager.")

    class Meta:
        model = AccountOwner
        fields = ["organisation", "user", "since"]
        read_only_fields = fields


class EmployerSerializer(serializers.ModelSerializer):
    """An employer in the region's register, with its locations, SBB accreditations,
    contact persons and current account owner (read-only here; the web pages keep them).
    The writable fields are what a keeper sends to add or change one."""

    kvk_number = serializers.CharField(
        max_length=20,
        help_text="Eight digits; spaces and dots are removed. Unique in the register.",
    )
    region = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Region.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text="The region (code) the employer is in.",
    )
    accredited_now = serializers.SerializerMethodField(
        help_text="Whether an SBB accreditation holds today (erkend leerbedrijf)."
    )
    account_owner = serializers.SerializerMethodField()
    locations = EmployerLocationSerializer(many=True, read_only=True)
    accreditations = EmployerAccreditationSerializer(many=True, read_only=True)
    contact_persons = EmployerContactPersonSerializer(many=True, read_only=True)

    class Meta:
        model = Employer
        fields = [
            "id",
            "name",
            "kvk_number",
            "sector",
            "size",
            "region",
            "website",
            "description",
            "is_active",
            "accredited_now",
            "account_owner",
            "locations",
            "accreditations",
            "contact_persons",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "created_at", "updated_at"]
        extra_kwargs = {
            "size": {"default": ""},
            "website": {"default": ""},
            "description": {"default": ""},
            "is_active": {"default": True},
        }

    def get_accredited_now(self, employer: Employer) -> bool:
        value = getattr(employer, "accredited_now", None)
        if value is not None:
            return bool(value)
        return any(
            EmployerAccreditationSerializer().get_current(a) for a in employer.accreditations.all()
        )

    @extend_schema_field(EmployerAccountOwnerSerializer(allow_null=True))
    def get_account_owner(self, employer: Employer):
        owner = current_owner(employer=employer)
        return EmployerAccountOwnerSerializer(owner).data if owner else None


class EmployerContactSerializer(serializers.ModelSerializer):
    """One approach of an employer in the shared contact log. A client sends employer,
    date, channel, purpose, outcome and optionally project, contact person and summary;
    the approach is logged for the organisation the caller acts for."""

    employer = serializers.PrimaryKeyRelatedField(queryset=Employer.objects.all())
    organisation = organisation_field(help_text="The organisation that approached (code).")
    user = user_field("Username of who logged it.")
    project = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Project.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text="The project it was for (its code), if any.",
    )
    contact_person = serializers.PrimaryKeyRelatedField(
        queryset=ContactPerson.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text="The employer's contact person spoken with (id), if any.",
    )

    class Meta:
        model = EmployerContact
        fields = [
            "id",
            "employer",
            "organisation",
            "user",
            "project",
            "contact_person",
            "date",
            "channel",
            "purpose",
            "outcome",
            "summary",
            "created_at",
        ]
        read_only_fields = ["id", "organisation", "user", "created_at"]
        extra_kwargs = {
            "summary": {
                "default": "",
                "help_text": "What was asked and agreed, at most 500 characters. No names or "
                "details of young people.",
            }
        }
