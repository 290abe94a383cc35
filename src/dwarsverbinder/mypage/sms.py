"""Sending a text message (SMS), through a small pluggable back-end.

SMS_BACKEND names the class (a dotted path):

- ``dwarsverbinder.mypage.sms.FileBackend`` (the default): each message becomes a file in
  SMS_FILE_DIR (default DATA_DIR/sms). For development and demos; nothing leaves the
  machine.
- ``dwarsverbinder.mypage.sms.WebhookBackend``: POSTs ``{"to": ..., "text": ...}`` as JSON
  to SMS_WEBHOOK_URL (an SMS gateway, or a small relay in front of one), with
  ``Authorization: Bearer <SMS_WEBHOOK_TOKEN>`` when a token is set.

There is deliberately no console or log back-end: a message holds a login link, which is a
secret, and the number is personal data. Neither may end up in a log.
"""

from __future__ import annotations

import json
import secrets
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from django.utils.module_loading import import_string

DEFAULT_BACKEND = "dwarsverbinder.mypage.sms.FileBackend"
WEBHOOK_TIMEOUT_SECONDS = 10


class SmsError(Exception):
    """The message could not be handed over. The text says why, without number or text."""


class FileBackend:
    """Writes each message to its own file: ``To: <number>``, a blank line, the text."""

    def __init__(self, directory: str | Path | None = None) -> None:
        default = Path(settings.DATA_DIR) / "sms"
        self.directory = Path(directory or getattr(settings, "SMS_FILE_DIR", None) or default)

    def send(self, *, to: str, text: str) -> None:
        try:
            self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
            name = f"{timezone.now():%Y%m%d-%H%M%S}-{secrets.token_hex(4)}.txt"
            path = self.directory / name
            path.write_text(f"To: {to}\n\n{text}\n", encoding="utf-8")
            path.chmod(0o600)
        except OSError as exc:
            raise SmsError(f"could not write the message file: {exc.strerror}") from None


class WebhookBackend:
    """POSTs the message as JSON to an HTTP(S) endpoint; any 2xx answer counts as sent."""

    def __init__(self, url: str | None = None, token: str | None = None) -> None:
        self.url = url or getattr(settings, "SMS_WEBHOOK_URL", "")
        self.token = token if token is not None else getattr(settings, "SMS_WEBHOOK_TOKEN", "")
        if urlsplit(self.url).scheme not in {"http", "https"}:
            raise ImproperlyConfigured("SMS_WEBHOOK_URL must be an http:// or https:// URL.")

    def send(self, *, to: str, text: str) -> None:
        body = json.dumps({"to": to, "text": text}).encode()
        headers = {"Content-Type": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        request = urllib.request.Request(self.url, data=body, headers=headers, method="POST")  # noqa: S310 (scheme checked above)
        try:
            with urllib.request.urlopen(request, timeout=WEBHOOK_TIMEOUT_SECONDS) as answer:  # noqa: S310
                status = answer.status
        except urllib.error.HTTPError as exc:
            raise SmsError(f"the SMS gateway answered {exc.code}") from None
        except (urllib.error.URLError, OSError) as exc:
            raise SmsError(f"the SMS gateway could not be reached: {type(exc).__name__}") from None
        if not 200 <= status < 300:
            raise SmsError(f"the SMS gateway answered {status}")


def get_backend():
    path = getattr(settings, "SMS_BACKEND", "") or DEFAULT_BACKEND
    try:
        backend_class = import_string(path)
    except ImportError as exc:
        raise ImproperlyConfigured(f"SMS_BACKEND {path!r} cannot be imported.") from exc
    return backend_class()


def send_sms(*, to: str, text: str) -> None:
    """Send one message; raises SmsError when it could not be handed over."""
    get_backend().send(to=to, text=text)
