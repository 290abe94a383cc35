from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dwarsverbinder.employers.permissions import REGISTER_READERS
from dwarsverbinder.people.selectors import VISIBILITY_ROLES

from .constants import CASEWORK_ROLES, Role
from .selectors import memberships_of

# (label, url name, roles that see it; None = everyone logged in)
NAVIGATION = [
    (_("Home"), "home", None),
    (_("Caseload"), "followup:caseload", CASEWORK_ROLES),
    (_("Tasks"), "followup:tasks", CASEWORK_ROLES),
    (_("Young people"), "people:list", VISIBILITY_ROLES),
    (_("Handovers"), "chain:list", CASEWORK_ROLES),
    (_("Surveys"), "surveys:builder_list", CASEWORK_ROLES),
    (_("Survey results"), "surveys:result_rounds", {Role.ANALYST}),
    (_("Monitor"), "monitor:dashboard", {Role.ANALYST, Role.COORDINATOR}),
    (_("Vouchers"), "vouchers:list", CASEWORK_ROLES),
    (_("Duplicates"), "duplicates:list", {Role.COORDINATOR}),
    # One entry; the employer pages have tabs for openings, placements, the overview of
    # employers approached by several parties and the requests from the public page.
    (_("Employers"), "employers:list", REGISTER_READERS),
    (_("Organisations"), "network:organisations", None),
    (_("Working groups"), "network:working_groups", None),
    (_("My services"), "kaart:manage", None),
    (_("Projects"), "programmes:projects", None),
    (_("Audit log"), "privacy:audit", {Role.PRIVACY_OFFICER}),
    (_("Processing register"), "privacy:register", {Role.PRIVACY_OFFICER}),
    (_("Requests"), "privacy:requests", {Role.PRIVACY_OFFICER}),
    (_("Retention"), "privacy:retention", {Role.PRIVACY_OFFICER}),
    (_("Administration"), "admin:index", {Role.ADMINISTRATOR}),
]


def navigation(request):
    user = getattr(request, "user", None)
    context = {"require_mfa": settings.REQUIRE_MFA, "dwv_env": settings.DWV_ENV}
    if user is None or not user.is_authenticated:
        return context
    membership = getattr(user, "active_membership", None)
    role = membership.role if membership else None
    items = [
        {"label": label, "url": reverse(url_name), "current": False}
        for label, url_name, roles in NAVIGATION
        if roles is None or role in roles
    ]
    # The current section is the longest link the path starts with ("/" only exactly), so
    # /organisaties/werkgroepen/ marks Working groups and not Organisations as well.
    matches = [
        item
        for item in items
        if request.path == item["url"]
        or (item["url"] != "/" and request.path.startswith(item["url"]))
    ]
    if matches:
        max(matches, key=lambda item: len(item["url"]))["current"] = True
    memberships = getattr(user, "memberships_list", None)
    if memberships is None:
        memberships = list(memberships_of(user=user))
    context.update(
        {
            "nav_items": items,
            "active_membership": membership,
            "memberships": memberships,
        }
    )
    return context
