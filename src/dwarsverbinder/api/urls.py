from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from dwarsverbinder.chain.api.viewsets import HandoverViewSet
from dwarsverbinder.employers.api.routes import register as register_employer_routes
from dwarsverbinder.followup.api.viewsets import (
    ContactViewSet,
    SignalViewSet,
    TaskViewSet,
    VoucherViewSet,
)
from dwarsverbinder.monitor.api.viewsets import PositionsViewSet
from dwarsverbinder.network.api.viewsets import (
    OrganisationViewSet,
    RegionViewSet,
    ServiceViewSet,
)
from dwarsverbinder.people.api.viewsets import (
    ContactChannelViewSet,
    IdentityViewSet,
    PersonViewSet,
    SchoolCareerViewSet,
    StatusEpisodeViewSet,
)
from dwarsverbinder.privacy.api.viewsets import ConsentViewSet
from dwarsverbinder.programmes.api.routes import register as register_programme_routes

router = DefaultRouter()
router.register("regions", RegionViewSet, basename="region")
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("people", PersonViewSet, basename="person")
router.register("identities", IdentityViewSet, basename="identity")
router.register("contact-channels", ContactChannelViewSet, basename="contact-channel")
router.register("school-careers", SchoolCareerViewSet, basename="school-career")
router.register("status-episodes", StatusEpisodeViewSet, basename="status-episode")
router.register("contacts", ContactViewSet, basename="contact")
router.register("tasks", TaskViewSet, basename="task")
router.register("signals", SignalViewSet, basename="signal")
router.register("vouchers", VoucherViewSet, basename="voucher")
router.register("services", ServiceViewSet, basename="service")
router.register("monitor/positions", PositionsViewSet, basename="monitor-positions")
router.register("handovers", HandoverViewSet, basename="handover")
router.register("consents", ConsentViewSet, basename="consent")
register_employer_routes(router)
register_programme_routes(router)

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("", include(router.urls)),
]
