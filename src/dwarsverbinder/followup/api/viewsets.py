"""API of the follow-up records of young people: contacts, tasks, signals and vouchers.
The same visibility, audit and ``?person=`` filter as the records in people.api."""

from __future__ import annotations

from rest_framework import mixins, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from dwarsverbinder.people.api.viewsets import PersonRecordViewSet, service_errors
from dwarsverbinder.privacy.constants import DataCategory

from .. import services
from .serializers import (
    ContactSerializer,
    SignalSerializer,
    TaskSerializer,
    VoucherSerializer,
)


class ContactViewSet(mixins.CreateModelMixin, PersonRecordViewSet):
    """The shared contact log. A new contact is logged for the organisation the caller
    acts for."""

    serializer_class = ContactSerializer
    category = DataCategory.CONTACTS
    related = ("organisation", "by")
    ordering = ("person_id", "-on", "-id")

    def create(self, request, *args, **kwargs):
        given = self.get_serializer(data=request.data)
        given.is_valid(raise_exception=True)
        membership = getattr(request.user, "active_membership", None)
        if membership is None:  # ActsInCasework lets nobody without one through
            raise PermissionDenied
        with service_errors():
            contact = services.contact_log(
                organisation=membership.organisation, by=request.user, **given.validated_data
            )
        return Response(self.get_serializer(contact).data, status=status.HTTP_201_CREATED)


class TaskViewSet(PersonRecordViewSet):
    """Tasks and follow-up moments."""

    serializer_class = TaskSerializer
    category = DataCategory.CONTACTS
    related = ("organisation", "assigned_to")
    ordering = ("due_date", "id")


class SignalViewSet(PersonRecordViewSet):
    """Signals that a young person needs attention."""

    serializer_class = SignalSerializer
    category = DataCategory.CONTACTS
    related = ("organisation",)
    ordering = ("-raised_on", "-id")


class VoucherViewSet(PersonRecordViewSet):
    """Education vouchers."""

    serializer_class = VoucherSerializer
    category = DataCategory.SCHOOL_CAREER
    related = ("issued_by", "redeemed_at")
    ordering = ("-issued_on", "-id")
