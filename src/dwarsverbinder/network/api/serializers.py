from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import Organisation, Region, Service


class RegionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["id", "code", "name", "kind", "rmc_region", "labour_market_region"]


class OrganisationSerializer(serializers.ModelSerializer):
    municipality = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Organisation
        fields = [
            "id",
            "code",
            "name",
            "kind",
            "sectors",
            "functions",
            "brin_code",
            "municipality",
            "website",
        ]


class ServiceSerializer(serializers.ModelSerializer):
    """A service of the public sociale kaart (no personal data)."""

    organisation = serializers.SlugRelatedField(slug_field="code", read_only=True)
    municipality = serializers.SlugRelatedField(slug_field="code", read_only=True)
    themes = serializers.ListField(child=serializers.CharField(), read_only=True)
    measured_waiting = serializers.SerializerMethodField(
        help_text="Median days from handover to first contact over the recent handovers, "
        "and how many there were; null below the minimum cell size."
    )

    class Meta:
        model = Service
        fields = [
            "slug",
            "name",
            "organisation",
            "summary",
            "for_whom",
            "themes",
            "min_age",
            "max_age",
            "how_to_get_in",
            "phone",
            "email",
            "website",
            "address",
            "municipality",
            "waiting_days",
            "waiting_updated_on",
            "accepting_new",
            "measured_waiting",
        ]

    @extend_schema_field(
        {
            "type": "object",
            "nullable": True,
            "properties": {
                "median_days": {"type": "integer"},
                "count": {"type": "integer"},
                "window_days": {"type": "integer"},
            },
        }
    )
    def get_measured_waiting(self, obj) -> dict | None:
        return getattr(obj, "measured", None)
