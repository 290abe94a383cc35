from rest_framework import viewsets
from rest_framework.response import Response

from dwarsverbinder.privacy import audit

from ..models import Person
from ..selectors import people_visible_to
from .serializers import PersonSerializer


class PersonViewSet(viewsets.ReadOnlyModelViewSet):
    """Young people visible to the caller. Every list and read is audited."""

    serializer_class = PersonSerializer

    def get_queryset(self):
        return (
            people_visible_to(user=self.request.user)
            .select_related("municipality")
            .order_by("surname", "given_names", "id")
        )

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        audit.log_list(
            actor=request.user, model=Person, ids=[row["id"] for row in response.data["results"]]
        )
        return response

    def retrieve(self, request, *args, **kwargs):
        person = self.get_object()
        audit.log_view(actor=request.user, obj=person, person_id=person.pk)
        return Response(self.get_serializer(person).data)
