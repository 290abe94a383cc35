import ipaddress

from django.http import HttpRequest

from . import request_context


def _client_ip(request: HttpRequest) -> str | None:
    # TrustedProxyMiddleware has already put the real client in REMOTE_ADDR when the
    # request came through one of our own proxies.
    return request.META.get("REMOTE_ADDR") or None


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        context = request_context.RequestContext(
            ip_address=_client_ip(request),
            user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
            channel="api" if request.path.startswith("/api/") else "web",
        )
        token = request_context.activate(context)
        try:
            response = self.get_response(request)
        finally:
            request_context.deactivate(token)
        response["X-Request-ID"] = context.request_id
        return response


class LanguageMiddleware:
    """Dutch unless the user chose English with the switch in the header.

    Unlike Django's LocaleMiddleware this ignores the browser's Accept-Language: a Dutch
    public-sector service speaks Dutch first, and the choice is the user's to make.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        from django.conf import settings
        from django.utils import translation

        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


def _address(value: str):
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


class TrustedProxyMiddleware:
    """Take the client address from X-Forwarded-For, but only behind a trusted proxy.

    REMOTE_ADDR is replaced by the right-most valid address in X-Forwarded-For that is not
    itself a trusted proxy, so lock-out and the audit log see the real client. A request
    that does not come from DWV_TRUSTED_PROXIES keeps its REMOTE_ADDR: anybody can send the
    header, so it is only believed from our own proxies.
    """

    def __init__(self, get_response):
        from django.conf import settings

        self.trusted = settings.TRUSTED_PROXIES
        self.get_response = get_response

    def _is_trusted(self, address) -> bool:
        return address is not None and any(address in network for network in self.trusted)

    def __call__(self, request: HttpRequest):
        if self.trusted and self._is_trusted(_address(request.META.get("REMOTE_ADDR", ""))):
            forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
            for hop in reversed(forwarded.split(",")):
                address = _address(hop)
                if address is None:
                    break  # a malformed hop: stop believing the rest of the header
                if not self._is_trusted(address):
                    request.META["REMOTE_ADDR"] = str(address)
                    break
        return self.get_response(request)
