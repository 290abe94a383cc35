"""The employer register under /werkgevers/: each part keeps its own URL module."""

from . import opening_urls, placement_urls, register_urls, request_urls

app_name = "employers"

urlpatterns = [
    *register_urls.urlpatterns,
    *opening_urls.urlpatterns,
    *placement_urls.urlpatterns,
    *request_urls.urlpatterns,
]
