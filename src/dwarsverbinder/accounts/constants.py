from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COACH = "coach", _("Coach")
    INTAKE = "intake", _("Intake worker")
    EMPLOYER_MANAGER = "employer_manager", _("Employer account manager")
    COORDINATOR = "coordinator", _("Regional coordinator")
    ANALYST = "analyst", _("Analyst")
    PRIVACY_OFFICER = "privacy_officer", _("Privacy officer")
    ADMINISTRATOR = "administrator", _("Administrator")


# Roles whose work shows personal data (a young person's file, employer contact persons,
# the audit log, pseudonymised extracts). Two-factor authentication is required for them
# in production. Every role is listed today; the set exists so that a future role that
# only reads suppressed aggregates can be added without 2FA.
PERSONAL_DATA_ROLES = frozenset(Role)

# Roles that open young people's files through the visibility selector.
CASEWORK_ROLES = frozenset({Role.COACH, Role.INTAKE, Role.COORDINATOR})
