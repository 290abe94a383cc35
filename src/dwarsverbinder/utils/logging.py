"""Structured JSON logging without personal data.

Log records carry the request id; never names, BSNs, contact details or search terms.
"""

import json
import logging

from . import request_context


class RequestContextFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_context.current().request_id
        return True


class JSONFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        payload = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None),
        }
        if record.exc_info:
            payload["exception"] = self.formatException(record.exc_info)
        return json.dumps(payload, ensure_ascii=False)


class StripQueryStringFilter(logging.Filter):
    """Drop the query string from request lines (``GET /jongeren/?q=Jansen``): search terms
    can be names or dates of birth, and logs must carry no personal data."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.args and isinstance(record.args, tuple) and isinstance(record.args[0], str):
            record.args = (_strip_query(record.args[0]), *record.args[1:])
        if isinstance(record.msg, str) and "?" in record.msg and not record.args:
            record.msg = _strip_query(record.msg)
        return True


def _strip_query(line: str) -> str:
    # "GET /path?query HTTP/1.1" -> "GET /path HTTP/1.1"
    parts = line.split(" ")
    return " ".join(part.split("?", 1)[0] if part.startswith("/") else part for part in parts)
