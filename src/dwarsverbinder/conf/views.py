from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from dwarsverbinder.accounts.constants import CASEWORK_ROLES, Role
from dwarsverbinder.utils.tasks import last_heartbeat


@never_cache
def healthz(request):
    """200 when the database answers, 503 when it does not. No authentication, no data.

    Also says when the background worker last beat, so monitoring can alert on a stopped
    worker without making the web app unhealthy because of it.
    """
    worker = {"last_heartbeat": last_heartbeat()}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return JsonResponse(
            {"status": "unavailable", "database": "unreachable", "worker": worker}, status=503
        )
    return JsonResponse({"status": "ok", "database": "ok", "worker": worker})


@login_required
def home(request):
    membership = getattr(request.user, "active_membership", None)
    role = membership.role if membership else None
    return render(
        request,
        "home.html",
        {
            "role": role,
            "is_casework": role in CASEWORK_ROLES,
            "is_privacy_officer": role == Role.PRIVACY_OFFICER,
            "is_administrator": role == Role.ADMINISTRATOR,
            "is_analyst": role == Role.ANALYST,
            "is_employer_manager": role == Role.EMPLOYER_MANAGER,
        },
    )
