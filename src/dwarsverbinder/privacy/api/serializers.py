from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from dwarsverbinder.network.models import Organisation
from dwarsverbinder.people.api.serializers import (
    VisiblePersonField,
    organisation_field,
    user_field,
)
from dwarsverbinder.people.models import Person

from ..constants import ConsentForm, ConsentPurpose, DataCategory
from ..models import Consent


def recorded_form(value: str) -> str:
    """How a coach records that consent was given or withdrawn: "on My page" is what the
    young person does there, never something recorded for them."""
    if value == ConsentForm.MY_PAGE:
        raise serializers.ValidationError(
            _("Only the young person uses My page. Choose how they told you.")
        )
    return value


class ConsentSerializer(serializers.ModelSerializer):
    """A consent for one purpose and one receiving partner. Never edited; a withdrawal is
    the one change, and a new consent is a new record."""

    receiving_organisation = organisation_field()
    recorded_by = user_field("Username of who recorded it.")
    recorded_by_organisation = organisation_field(allow_null=True)
    withdrawn_by = user_field("Username of who recorded the withdrawal (null: on My page).")
    categories = serializers.ListField(
        child=serializers.ChoiceField(choices=DataCategory.choices), read_only=True
    )
    state = serializers.SerializerMethodField(help_text="Valid, expired or withdrawn, today.")

    class Meta:
        model = Consent
        fields = [
            "id",
            "person",
            "purpose",
            "receiving_organisation",
            "categories",
            "text_shown",
            "form",
            "given_on",
            "expires_on",
            "recorded_by",
            "recorded_by_organisation",
            "recorded_at",
            "withdrawn_at",
            "withdrawn_by",
            "withdrawn_via",
            "state",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ChoiceField(choices=["valid", "expired", "withdrawn"]))
    def get_state(self, consent: Consent) -> str:
        return consent.state_on(timezone.localdate())


class ConsentRecordSerializer(serializers.Serializer):
    """What a client sends to record a consent (privacy.services.consent_record checks the
    dates and writes; the standard text is used when ``text_shown`` is left out)."""

    person = VisiblePersonField(queryset=Person.objects.all())
    receiving_organisation = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Organisation.objects.all(),
        help_text="The partner that may receive the data (organisation code).",
    )
    purpose = serializers.ChoiceField(
        choices=ConsentPurpose.choices, default=ConsentPurpose.HANDOVER
    )
    categories = serializers.ListField(
        child=serializers.ChoiceField(choices=DataCategory.choices), allow_empty=False
    )
    form = serializers.ChoiceField(
        choices=ConsentForm.choices,
        validators=[recorded_form],
        help_text="How the young person gave consent.",
    )
    given_on = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="Today if left out."
    )
    expires_on = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text="DWV_CONSENT_MONTHS after it was given if left out; two years at most.",
    )
    text_shown = serializers.CharField(
        max_length=4000,
        required=False,
        allow_blank=True,
        default="",
        help_text="Exactly what the young person read; the standard text if left out.",
    )


class ConsentWithdrawSerializer(serializers.Serializer):
    via = serializers.ChoiceField(
        choices=ConsentForm.choices,
        validators=[recorded_form],
        help_text="How the young person withdrew the consent.",
    )
