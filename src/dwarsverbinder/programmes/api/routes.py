"""Every API route of the programmes room, registered on the project's router."""

from .viewsets import ROUTES


def register(router) -> None:
    for prefix, viewset, basename in ROUTES:
        router.register(prefix, viewset, basename=basename)
