"""API routes of this part of the employer register: (prefix, viewset, basename)."""

ROUTES: list = []
