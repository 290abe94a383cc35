"""API of young people and the records in their files. Everything is limited to the people
the caller may see (people_visible_to), and every list and read is audited."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import BooleanField, Case, Q, Value, When
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.settings import api_settings

from dwarsverbinder.people.constants import EpisodeKind
from dwarsverbinder.privacy import audit
from dwarsverbinder.privacy.constants import DataCategory

from .. import services
from ..selectors import people_visible_to, visible_person_ids
from .filters import PersonFilter
from .permissions import ActsInCasework
from .serializers import (
    ContactChannelSerializer,
    IdentitySerializer,
    PersonSerializer,
    SchoolCareerSerializer,
    StatusEpisodeSerializer,
)


@contextmanager
def service_errors() -> Iterator[None]:
    """A service's ValidationError (keyed by field) becomes a 400 with the same keys."""
    try:
        yield
    except DjangoValidationError as exc:
        if hasattr(exc, "error_dict"):
            detail = {
                (api_settings.NON_FIELD_ERRORS_KEY if name == "__all__" else name): messages
                for name, messages in exc.message_dict.items()
            }
        else:
            detail = {api_settings.NON_FIELD_ERRORS_KEY: exc.messages}
        raise serializers.ValidationError(detail) from exc


class AuditedReadMixin:
    """List writes one audit row naming every record shown; a read names the person."""

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        rows = response.data["results"]
        audit.log_list(
            actor=request.user,
            model=self.get_queryset().model,
            ids=[row["id"] for row in rows],
            detail=self.list_audit_detail(rows),
        )
        return response

    def list_audit_detail(self, rows) -> dict:
        return {"person_ids": sorted({row["person"] for row in rows})}

    def retrieve(self, request, *args, **kwargs):
        obj = self.get_object()
        audit.log_view(actor=request.user, obj=obj, person_id=self.person_id_of(obj))
        return Response(self.get_serializer(obj).data)

    def person_id_of(self, obj) -> int:
        return obj.person_id


class PersonRecordViewSet(
    AuditedReadMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Read-only records of young people the caller may see, filterable by ``?person=``.

    Reads need a login (what is visible follows from the role); writes, where a subclass
    offers them, also need a casework role."""

    filter_backends = [PersonFilter]
    # The part of the file these records are (the processing register and a handover's
    # shares decide, per person, whether the caller may see it).
    category: str = DataCategory.IDENTITY
    related: tuple[str, ...] = ()
    ordering: tuple[str, ...] = ("id",)
    write_actions = frozenset({"create", "update", "partial_update", "destroy"})

    def get_permissions(self):
        if self.action in self.write_actions:
            return [IsAuthenticated(), ActsInCasework()]
        return [IsAuthenticated()]

    def get_queryset(self):
        model = self.get_serializer_class().Meta.model
        visible = people_visible_to(user=self.request.user, category=self.category)
        return (
            model.objects.filter(person__in=visible)
            .select_related(*self.related)
            .order_by(*self.ordering)
        )


class PersonViewSet(AuditedReadMixin, viewsets.ReadOnlyModelViewSet):
    """Young people visible to the caller, with their position today and their cohort."""

    serializer_class = PersonSerializer

    def get_queryset(self):
        user = self.request.user
        status = visible_person_ids(user=user, category=DataCategory.STATUS)
        shows_status = (
            Value(False, output_field=BooleanField())
            if status is None
            else Case(
                When(id__in=status, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        return (
            people_visible_to(user=user, category=DataCategory.IDENTITY)
            .annotate(status_shown=shows_status)
            .select_related("municipality")
            .prefetch_related("episodes", "school_careers")
            .order_by("surname", "given_names", "id")
        )

    def list_audit_detail(self, rows) -> dict:
        return {}

    def person_id_of(self, obj) -> int:
        return obj.pk


class IdentityViewSet(PersonRecordViewSet):
    """Identities: kind, school and student number. A BSN shows only as present."""

    serializer_class = IdentitySerializer
    related = ("organisation",)


class ContactChannelViewSet(PersonRecordViewSet):
    """Ways to reach a young person, with when they were last confirmed."""

    serializer_class = ContactChannelSerializer
    category = DataCategory.CONTACT
    ordering = ("person_id", "-is_active", "kind", "id")


class SchoolCareerViewSet(PersonRecordViewSet):
    """School careers, with the cohort (school year of leaving)."""

    serializer_class = SchoolCareerSerializer
    category = DataCategory.SCHOOL_CAREER
    related = ("school",)
    ordering = ("person_id", "-start_date", "id")


class StatusEpisodeViewSet(mixins.CreateModelMixin, PersonRecordViewSet):
    """Status episodes (education, work, daytime activity, benefit, care, none)."""

    serializer_class = StatusEpisodeSerializer
    category = DataCategory.STATUS
    related = ("recorded_by",)
    ordering = ("person_id", "-start_date", "-id")

    def get_queryset(self):
        # A care episode is the "care" part of the file, not "status".
        care = visible_person_ids(user=self.request.user, category=DataCategory.CARE)
        others = ~Q(kind=EpisodeKind.ZORG)
        return (
            super().get_queryset().filter(others if care is None else others | Q(person__in=care))
        )

    def create(self, request, *args, **kwargs):
        given = self.get_serializer(data=request.data)
        given.is_valid(raise_exception=True)
        with service_errors():
            episode = services.episode_record(by=request.user, **given.validated_data)
        return Response(self.get_serializer(episode).data, status=status.HTTP_201_CREATED)
