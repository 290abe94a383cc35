from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from dwarsverbinder.people.api.serializers import (
    VisiblePersonField,
    organisation_field,
    user_field,
)
from dwarsverbinder.people.models import ContactChannel, Person
from dwarsverbinder.people.selectors import people_visible_to

from ..constants import VoucherStatus
from ..models import Contact, Signal, Task, Voucher


class VisibleChannelField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        visible = people_visible_to(user=self.context["request"].user)
        return ContactChannel.objects.filter(person__in=visible)


class ContactSerializer(serializers.ModelSerializer):
    """A contact; the writable fields are what a client sends to log one for the
    organisation it acts for (followup.services.contact_log checks and writes)."""

    person = VisiblePersonField(queryset=Person.objects.all())
    organisation = organisation_field()
    by = user_field("Username of who logged it.")
    channel_used = VisibleChannelField(
        queryset=ContactChannel.objects.all(), required=False, allow_null=True, default=None
    )

    class Meta:
        model = Contact
        fields = [
            "id",
            "person",
            "organisation",
            "by",
            "on",
            "channel",
            "outcome",
            "note",
            "channel_used",
            "recorded_at",
        ]
        extra_kwargs = {"note": {"default": ""}}


class TaskSerializer(serializers.ModelSerializer):
    organisation = organisation_field()
    assigned_to = user_field("Username of the coach it is assigned to.")

    class Meta:
        model = Task
        fields = [
            "id",
            "person",
            "organisation",
            "assigned_to",
            "kind",
            "title",
            "due_date",
            "status",
            "months_after_leaving",
            "leave_date",
            "created_at",
            "done_at",
        ]


class SignalSerializer(serializers.ModelSerializer):
    organisation = organisation_field()

    class Meta:
        model = Signal
        fields = ["id", "person", "organisation", "kind", "raised_on", "resolved_on"]


class VoucherSerializer(serializers.ModelSerializer):
    issued_by = organisation_field()
    redeemed_at = organisation_field(allow_null=True)
    status = serializers.SerializerMethodField(help_text="Derived from the dates, today.")

    class Meta:
        model = Voucher
        fields = [
            "id",
            "person",
            "code",
            "issued_by",
            "issued_on",
            "description",
            "value_eur",
            "valid_until",
            "redeemed_on",
            "redeemed_at",
            "withdrawn_on",
            "status",
        ]

    @extend_schema_field(serializers.ChoiceField(choices=VoucherStatus.choices))
    def get_status(self, voucher: Voucher) -> str:
        return str(voucher.status_on(timezone.localdate()))
