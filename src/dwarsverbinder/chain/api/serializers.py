from __future__ import annotations

from rest_framework import serializers

from dwarsverbinder.network.models import Organisation, Service
from dwarsverbinder.people.api.serializers import VisiblePersonField, organisation_field
from dwarsverbinder.people.models import Person
from dwarsverbinder.privacy.constants import DataCategory

from ..constants import (
    DeclineReason,
    HandoverOutcome,
    HandoverReason,
    HandoverStatus,
    Urgency,
)
from ..models import Handover, HandoverShare


class HandoverShareSerializer(serializers.ModelSerializer):
    """One data category a handover carries and what it rests on: the register's legal
    basis, or the consent (its id) of the young person."""

    class Meta:
        model = HandoverShare
        fields = ["category", "basis", "consent"]


class HandoverSerializer(serializers.ModelSerializer):
    """A handover. It names the young person by id only: what the receiving partner may
    read of the file follows from the shares, through /api/v1/people/ and the records."""

    from_organisation = organisation_field()
    to_organisation = organisation_field()
    to_service = serializers.SlugRelatedField(
        slug_field="slug",
        read_only=True,
        allow_null=True,
        help_text="The service of the sociale kaart it was sent to (slug), if any.",
    )
    waiting_days = serializers.IntegerField(
        read_only=True,
        allow_null=True,
        help_text="Days from sending to first contact; null until the first contact.",
    )
    shares = HandoverShareSerializer(many=True, read_only=True)

    class Meta:
        model = Handover
        fields = [
            "id",
            "person",
            "from_organisation",
            "to_organisation",
            "to_service",
            "reason",
            "question",
            "urgency",
            "status",
            "due_on",
            "sent_on",
            "answered_on",
            "expected_first_contact_on",
            "first_contact_on",
            "closed_on",
            "decline_reason",
            "outcome",
            "waiting_days",
            "shares",
        ]
        read_only_fields = fields


class HandoverSendSerializer(serializers.Serializer):
    """What a client sends to hand a young person over (chain.services.handover_send
    checks the basis of every category and writes)."""

    person = VisiblePersonField(queryset=Person.objects.all())
    to_organisation = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Organisation.objects.all(),
        help_text="The receiving partner (organisation code).",
    )
    to_service = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Service.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text="A service of the receiving partner on the sociale kaart (slug).",
    )
    reason = serializers.ChoiceField(choices=HandoverReason.choices)
    question = serializers.CharField(
        max_length=500,
        required=False,
        allow_blank=True,
        default="",
        help_text="What the partner should do. Short and factual, no health details.",
    )
    urgency = serializers.ChoiceField(choices=Urgency.choices, default=Urgency.NORMAL)
    categories = serializers.ListField(
        child=serializers.ChoiceField(choices=DataCategory.choices),
        required=False,
        default=list,
        help_text="The data categories to share. The identity always goes along.",
    )


class HandoverStepSerializer(serializers.Serializer):
    """A step a handover takes (chain.services.handover_step checks who may take it)."""

    to = serializers.ChoiceField(choices=HandoverStatus.choices, help_text="The new status.")
    on = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="The date; today if left out."
    )
    decline_reason = serializers.ChoiceField(
        choices=DeclineReason.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text='Required with "declined".',
    )
    expected_first_contact_on = serializers.DateField(
        required=False, allow_null=True, default=None, help_text='Required with "waiting".'
    )
    outcome = serializers.ChoiceField(
        choices=HandoverOutcome.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text='Required with "closed".',
    )
