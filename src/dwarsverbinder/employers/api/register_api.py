"""API of the employer register: employers (read by every role in REGISTER_READERS, added
and changed by REGISTER_KEEPERS) and the shared contact log (read and logged by every role
in REGISTER_READERS). Other roles get 403. Lists and reads are audited (employers carry
their contact persons); changes are audited by the services in employers/register.py."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.filters import BaseFilterBackend
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response

from dwarsverbinder.network.models import Region
from dwarsverbinder.people.api.viewsets import service_errors
from dwarsverbinder.privacy import audit
from dwarsverbinder.utils.ids import as_id

from .. import register as services
from ..constants import Sector
from ..models import Employer, EmployerContact
from ..permissions import can_keep_register, can_read_register
from ..register_selectors import contact_log_all, employer_list, in_region
from ..validators import KVK, normalise_kvk
from .register_serializers import EmployerContactSerializer, EmployerSerializer


class ReadsRegister(BasePermission):
    message = gettext_lazy("Your role does not give access to the employer register.")

    def has_permission(self, request, view) -> bool:
        return can_read_register(user=request.user)


class KeepsRegister(BasePermission):
    message = gettext_lazy(
        "Only employer account managers and regional coordinators change the register."
    )

    def has_permission(self, request, view) -> bool:
        return can_keep_register(user=request.user)


def _param(name: str, description: str, **schema) -> dict:
    return {
        "name": name,
        "required": False,
        "in": "query",
        "description": description,
        "schema": schema or {"type": "string"},
    }


class EmployerFilter(BaseFilterBackend):
    """``?kvk=`` (eight digits), ``?sector=`` and ``?region=<region code>`` (a region takes
    in the municipalities of an RMC or labour market region)."""

    def filter_queryset(self, request, queryset, view):
        params = request.query_params
        kvk = normalise_kvk(params.get("kvk", ""))
        sector = params.get("sector", "").strip()
        region_code = params.get("region", "").strip()
        if kvk:
            if not KVK.match(kvk):
                raise ValidationError(
                    {"kvk": [_("A KvK number has exactly eight digits, like 12345678.")]}
                )
            queryset = queryset.filter(kvk_number=kvk)
        if sector:
            if sector not in Sector.values:
                raise ValidationError({"sector": [_("Choose a sector from the list.")]})
            queryset = queryset.filter(sector=sector)
        if region_code:
            region = Region.objects.filter(code=region_code).first()
            if region is None:
                raise ValidationError({"region": [_("There is no region with this code.")]})
            queryset = queryset.filter(in_region(region))
        return queryset

    def get_schema_operation_parameters(self, view):
        return [
            _param("kvk", "Only the employer with this KvK number."),
            _param("sector", "Only employers in this sector.", type="string", enum=Sector.values),
            _param("region", "Only employers in this region (code), or in its municipalities."),
        ]


class EmployerContactFilter(BaseFilterBackend):
    """``?employer=<id>`` and ``?since=<YYYY-MM-DD>`` (approaches on or after that day)."""

    def filter_queryset(self, request, queryset, view):
        params = request.query_params
        employer = params.get("employer", "").strip()
        since = params.get("since", "").strip()
        if employer:
            if as_id(employer) is None:
                raise ValidationError({"employer": [_("Give the id of an employer.")]})
            queryset = queryset.filter(employer_id=as_id(employer))
        if since:
            try:
                day = datetime.date.fromisoformat(since)
            except ValueError as exc:
                raise ValidationError(
                    {"since": [_("Give a date as YYYY-MM-DD, like 2026-01-31.")]}
                ) from exc
            queryset = queryset.filter(date__gte=day)
        return queryset

    def get_schema_operation_parameters(self, view):
        return [
            _param("employer", "Only the approaches of this employer (id).", type="integer"),
            _param("since", "Only approaches on or after this date.", type="string", format="date"),
        ]


_WRITE_RESPONSES = {
    400: OpenApiResponse(description="Refused, with the reason per field; nothing saved."),
    403: OpenApiResponse(description="Only employer account managers and coordinators."),
}


@extend_schema_view(
    create=extend_schema(
        responses={201: EmployerSerializer, **_WRITE_RESPONSES},
        description="Add an employer. The KvK number must be eight digits and not yet in "
        "the register.",
    ),
    update=extend_schema(responses={200: EmployerSerializer, **_WRITE_RESPONSES}),
    partial_update=extend_schema(responses={200: EmployerSerializer, **_WRITE_RESPONSES}),
)
class EmployerViewSet(
    mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet
):
    """The region's employer register: every employer (also inactive ones), with its
    locations, SBB accreditations, contact persons and current account owner.

    Reads need a role in the register (coach, intake worker, employer account manager,
    regional coordinator, administrator); adding and changing need an employer account
    manager or regional coordinator. Locations, accreditations, contact persons and the
    account owner are kept on the web pages."""

    serializer_class = EmployerSerializer
    filter_backends = [EmployerFilter]
    write_actions = frozenset({"create", "update", "partial_update"})

    def get_permissions(self):
        if self.action in self.write_actions:
            return [IsAuthenticated(), KeepsRegister()]
        return [IsAuthenticated(), ReadsRegister()]

    def get_queryset(self):
        return employer_list(include_inactive=True).prefetch_related(
            "locations", "accreditations", "contact_persons"
        )

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        ids = [row["id"] for row in response.data["results"]]
        audit.log_list(actor=request.user, model=Employer, ids=ids)
        return response

    def retrieve(self, request, *args, **kwargs):
        employer = self.get_object()
        audit.log_view(actor=request.user, obj=employer)
        return Response(self.get_serializer(employer).data)

    def _answer(self, employer: Employer, code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=employer.pk)
        return Response(self.get_serializer(fresh).data, status=code)

    def create(self, request, *args, **kwargs):
        given = self.get_serializer(data=request.data)
        given.is_valid(raise_exception=True)
        with service_errors():
            employer = services.employer_create(by=request.user, **given.validated_data)
        return self._answer(employer, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        employer = self.get_object()
        partial = kwargs.pop("partial", False)
        given = self.get_serializer(employer, data=request.data, partial=partial)
        given.is_valid(raise_exception=True)
        with service_errors():
            employer = services.employer_update(
                employer=employer, by=request.user, **given.validated_data
            )
        return self._answer(employer)


@extend_schema_view(
    create=extend_schema(
        responses={
            201: EmployerContactSerializer,
            400: OpenApiResponse(description="Refused, with the reason per field."),
            403: OpenApiResponse(description="Your role does not use the register."),
        },
        description="Log an approach of an employer for the organisation you act for. The "
        "date may not lie in the future; a contact person must belong to the employer.",
    )
)
class EmployerContactViewSet(
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """The shared contact log: every approach of an employer by any partner or project,
    newest first; ``?employer=`` and ``?since=`` narrow it down."""

    serializer_class = EmployerContactSerializer
    filter_backends = [EmployerContactFilter]
    permission_classes = [IsAuthenticated, ReadsRegister]

    def get_queryset(self):
        return contact_log_all()

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        ids = [row["id"] for row in response.data["results"]]
        audit.log_list(actor=request.user, model=EmployerContact, ids=ids)
        return response

    def create(self, request, *args, **kwargs):
        given = self.get_serializer(data=request.data)
        given.is_valid(raise_exception=True)
        with service_errors():
            contact = services.employer_contact_log(by=request.user, **given.validated_data)
        return Response(self.get_serializer(contact).data, status=status.HTTP_201_CREATED)


ROUTES = [
    ("employers", EmployerViewSet, "employer"),
    ("employer-contacts", EmployerContactViewSet, "employer-contact"),
]
