"""The public page for employers (no login), under /werkgever/."""

app_name = "employer_public"

urlpatterns: list = []
