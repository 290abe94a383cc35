from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.shortcuts import redirect
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from dwarsverbinder.accounts import views as account_views
from dwarsverbinder.accounts.admin import tidy_admin_site

from . import views

admin.site.site_header = _("Dwarsverbinder administration")
admin.site.site_title = _("Dwarsverbinder")
admin.site.index_title = _("Manage organisations, users, roles and reference lists")
# The administration has no login of its own: it sends people to the normal login, so the
# second factor and the lock-out apply there too.
admin.site.login = secure_admin_login(admin.site.login)
tidy_admin_site()
# One place to change one's own password: allauth's page, which is audited.
admin.site.password_change = lambda request, extra_context=None: redirect("account_change_password")

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("", views.home, name="home"),
    path("accounts/mijn-account/", account_views.my_account, name="my_account"),
    path("accounts/rol/", account_views.switch_membership, name="switch_membership"),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jongeren/", include("dwarsverbinder.people.urls")),
    path("dubbelen/", include("dwarsverbinder.people.duplicate_urls")),
    path("volgen/", include("dwarsverbinder.followup.urls")),
    path("vouchers/", include("dwarsverbinder.followup.voucher_urls")),
    path("organisaties/", include("dwarsverbinder.network.urls")),
    path("overdrachten/", include("dwarsverbinder.chain.urls")),
    path("mijn/", include("dwarsverbinder.mypage.urls")),
    path("vragenlijsten/", include("dwarsverbinder.surveys.urls")),
    path("vragenlijst/", include("dwarsverbinder.surveys.public_urls")),
    path("hulp/", include("dwarsverbinder.network.kaart_urls")),
    path("projecten/", include("dwarsverbinder.programmes.urls")),
    path("privacy/", include("dwarsverbinder.privacy.urls")),
    path("monitor/", include("dwarsverbinder.monitor.urls")),
    path("werkgevers/", include("dwarsverbinder.employers.urls")),
    path("werkgever/", include("dwarsverbinder.employers.public_urls")),
    path("vraagstukken/", include("dwarsverbinder.programmes.public_urls")),
    path("beheer/", admin.site.urls),
    path("api/v1/", include("dwarsverbinder.api.urls")),
]
