"""URLs of this part of the employer register; included by employers/urls.py."""

urlpatterns: list = []
