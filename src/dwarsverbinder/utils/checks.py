"""Start-up checks for what settings alone cannot see."""

from django.conf import settings
from django.core import checks

REQUIRED_FRONTEND = ("vendor/utrecht", "vendor/tokens")


@checks.register(checks.Tags.staticfiles, deploy=False)
def frontend_packages_installed(app_configs, **kwargs):
    """The NL Design System packages come from npm; without them every page breaks in
    production (missing manifest entries) and looks broken elsewhere."""
    present = {entry[0] for entry in settings.STATICFILES_DIRS if isinstance(entry, tuple)}
    missing = [prefix for prefix in REQUIRED_FRONTEND if prefix not in present]
    if not missing:
        return []
    level = checks.Error if settings.PRODUCTION else checks.Warning
    return [
        level(
            f"The front-end packages are missing from {settings.NODE_MODULES_DIR}.",
            hint="Run `npm ci` in the repository (make install does) or set DWV_NODE_MODULES.",
            id="dwarsverbinder.E001" if settings.PRODUCTION else "dwarsverbinder.W001",
        )
    ]
