import json
import logging

from dwarsverbinder.utils.logging import JSONFormatter, StripQueryStringFilter


def _record(msg, *args):
    return logging.LogRecord("django.server", logging.INFO, __file__, 1, msg, args, None)


def test_request_lines_lose_their_query_string():
    record = _record('"%s" %s %s', "GET /jongeren/?q=Jansen HTTP/1.1", "200", "512")
    StripQueryStringFilter().filter(record)
    assert record.getMessage() == '"GET /jongeren/ HTTP/1.1" 200 512'


def test_log_lines_are_json_with_a_request_id():
    record = _record("hello")
    record.request_id = "abc"
    payload = json.loads(JSONFormatter().format(record))
    assert payload["message"] == "hello"
    assert payload["request_id"] == "abc"
    assert payload["level"] == "INFO"
