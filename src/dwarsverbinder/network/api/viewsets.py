from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, viewsets

from dwarsverbinder.utils.ids import as_id

from ..models import Region
from ..models.services import ServiceTheme
from ..selectors import organisation_list, service_list, with_measured_waiting
from .serializers import OrganisationSerializer, RegionSerializer, ServiceSerializer


class RegionViewSet(viewsets.ReadOnlyModelViewSet):
    """Regions: RMC/Doorstroompunt regions, labour market regions and municipalities."""

    serializer_class = RegionSerializer
    queryset = Region.objects.order_by("kind", "name")


class OrganisationViewSet(viewsets.ReadOnlyModelViewSet):
    """The region's partner organisations."""

    serializer_class = OrganisationSerializer
    lookup_field = "code"

    def get_queryset(self):
        return organisation_list()


@extend_schema(
    parameters=[
        OpenApiParameter("theme", OpenApiTypes.STR, enum=ServiceTheme.values, many=True),
        OpenApiParameter("age", OpenApiTypes.INT, description="Only services for this age."),
        OpenApiParameter("accepting", OpenApiTypes.BOOL, description="Only those taking people."),
    ]
)
class ServiceViewSet(viewsets.ReadOnlyModelViewSet):
    """The public sociale kaart: published services, open without login (no personal data)."""

    serializer_class = ServiceSerializer
    permission_classes = [permissions.AllowAny]
    authentication_classes: list = []
    lookup_field = "slug"

    def get_queryset(self):
        params = self.request.query_params
        themes = [t for t in params.getlist("theme") if t in ServiceTheme.values]
        age = params.get("age", "")
        return service_list(
            themes=themes,
            age=age_value if (age_value := as_id(age)) is not None and age_value < 100 else None,
            accepting_only=params.get("accepting", "").lower() in ("1", "true", "yes"),
        )

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if page is not None:
            with_measured_waiting(page)
        return page

    def get_object(self):
        service = super().get_object()
        with_measured_waiting([service])
        return service
