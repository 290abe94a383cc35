from django.urls import path

from . import duplicate_views

app_name = "duplicates"
urlpatterns = [
    path("", duplicate_views.duplicate_list, name="list"),
    path("<int:keep>/<int:remove>/", duplicate_views.merge_confirm, name="merge"),
]
