"""Every API route of the employer register, registered on the project's router."""

from . import opening_api, placement_api, register_api


def register(router) -> None:
    for module in (register_api, opening_api, placement_api):
        for prefix, viewset, basename in module.ROUTES:
            router.register(prefix, viewset, basename=basename)
