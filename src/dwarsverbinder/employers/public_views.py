"""The public page for employers (/werkgever/): offer a place or ask for help, no login.

The answer after sending is the same whatever happened (a known KvK number or not, a robot
caught by the honeypot): a redirect to the thank-you page. Only mistakes in the form and
the rate limit get an answer of their own, and neither says anything about the register.
"""

from __future__ import annotations

from functools import wraps

from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods

from . import public
from .constants import RequestKind
from .public_forms import HONEYPOT, EmployerRequestForm


def private(view):
    """What an employer typed is not kept in a cache, nor sent on as a referrer."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Referrer-Policy"] = "same-origin"
        return response

    return never_cache(wrapper)


def _initial(request) -> dict:
    kind = request.GET.get("vraag")
    return {"kind": RequestKind.HELP if kind == "hulp" else RequestKind.OFFER}


@private
@sensitive_post_parameters("contact_name", "email", "phone", "message")
@require_http_methods(["GET", "POST"])
def offer(request):
    if request.method == "GET":
        return _page(request, EmployerRequestForm(initial=_initial(request)))
    form = EmployerRequestForm(request.POST)
    if form.is_robot():
        public.address_allows(request.META.get("REMOTE_ADDR"))
        return redirect("employer_public:thanks")
    if not form.is_valid():
        return _page(request, form)
    if not public.address_allows(request.META.get("REMOTE_ADDR")):
        return _page(request, form, throttled=True, status=429)
    try:
        public.request_submit(**form.service_data())
    except ValidationError as exc:
        form.add_service_errors(exc)
        return _page(request, form)
    return redirect("employer_public:thanks")


def _page(request, form, *, throttled: bool = False, status: int = 200):
    context = {
        "form": form,
        "throttled": throttled,
        "honeypot": form[HONEYPOT],
        "days": public.REPLY_WORKING_DAYS,
    }
    return render(request, "employers/public/offer.html", context, status=status)


@private
@require_GET
def thanks(request):
    return render(request, "employers/public/thanks.html", {"days": public.REPLY_WORKING_DAYS})
