"""Per-request context (request id, client address) for logs and the audit trail.

Kept in a context variable so that services can audit without being handed the request.
"""

from __future__ import annotations

import contextvars
import uuid
from dataclasses import dataclass, field


@dataclass(frozen=True)
class RequestContext:
    request_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    ip_address: str | None = None
    user_agent: str = ""
    channel: str = "web"  # web, api, command, task


_current: contextvars.ContextVar[RequestContext | None] = contextvars.ContextVar(
    "dwarsverbinder_request_context", default=None
)


def current() -> RequestContext:
    return _current.get() or RequestContext(channel="command")


def activate(context: RequestContext) -> contextvars.Token:
    return _current.set(context)


def deactivate(token: contextvars.Token) -> None:
    _current.reset(token)
