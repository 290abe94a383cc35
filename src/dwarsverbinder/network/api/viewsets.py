from rest_framework import viewsets

from ..models import Region
from ..selectors import organisation_list
from .serializers import OrganisationSerializer, RegionSerializer


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
