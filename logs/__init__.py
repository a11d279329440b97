"""Structured logs: one JSON line per record on stderr, each with the request's id.

Production (settings.prod) sends every error, with its traceback, here; the process manager
(systemd's journal, a container's log) keeps stderr. The 500 page tells readers the error has
been recorded: this is where.
"""

import contextvars
import json
import logging
import re
import uuid

#: The id of the request being served, for every log record written while serving it.
request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")

#: An id a proxy (or a client) sent is kept when it looks like one; anything else is replaced.
REQUEST_ID_SHAPE = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")


class RequestIdMiddleware:
    """Gives each request an id (X-Request-ID, or the proxy's), logs it, and answers with it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        sent = request.headers.get("X-Request-ID", "")
        request.request_id = sent if REQUEST_ID_SHAPE.match(sent) else uuid.uuid4().hex
        token = request_id.set(request.request_id)
        try:
            response = self.get_response(request)
        finally:
            request_id.reset(token)
        response["X-Request-ID"] = request.request_id
        return response


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, message, request id, and the traceback."""

    def format(self, record):
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "") or request_id.get(),
        }
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "method"):
            entry["method"] = request.method
            entry["path"] = request.path
            entry["request_id"] = getattr(request, "request_id", entry["request_id"])
        if hasattr(record, "status_code"):
            entry["status_code"] = record.status_code
        if record.exc_info:
            entry["traceback"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["traceback"] = record.exc_text
        return json.dumps(entry, ensure_ascii=False, default=str)


def is_bad_input(record) -> bool:
    """A request Django refused as suspicious: a bad Host, too many fields, too large a body."""
    return record.name.startswith("django.security.")


class BadInputAsWarning(logging.Filter):
    """Django logs a refused request as an ERROR with its traceback; it is bad input from
    outside (answered with a 400), not a fault of the site: a WARNING, without one."""

    def filter(self, record):
        if is_bad_input(record):
            record.levelno, record.levelname = logging.WARNING, "WARNING"
            record.exc_info, record.exc_text = None, None
        return True


class NoBadInput(logging.Filter):
    """Errors only: nobody is e-mailed about a bad Host header."""

    def filter(self, record):
        return not is_bad_input(record)


def production_logging(level: str = "WARNING", mail_admins: bool = False) -> dict:
    """settings.LOGGING for production: JSON on stderr; error e-mail to ADMINS if asked."""
    handlers = ["stderr"]
    config = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "logs.JsonFormatter"}},
        "filters": {
            "bad_input_as_warning": {"()": "logs.BadInputAsWarning"},
            "no_bad_input": {"()": "logs.NoBadInput"},
        },
        "handlers": {
            "stderr": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stderr",
                "formatter": "json",
                "filters": ["bad_input_as_warning"],
            },
        },
        "root": {"handlers": handlers, "level": level},
        "loggers": {
            # Request errors (500s, with their traceback) and security warnings; they reach the
            # root's stderr handler and no other (propagation stays on, handlers stay empty).
            "django": {"level": level, "handlers": [], "propagate": True},
            # Gunicorn warns of every HEAD answer's body, which it drops as it should.
            "gunicorn.http.wsgi": {"level": "ERROR", "handlers": [], "propagate": True},
        },
    }
    if mail_admins:
        config["handlers"]["mail_admins"] = {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["no_bad_input"],
        }
        config["loggers"]["django.request"] = {
            "level": "ERROR",
            "handlers": ["mail_admins"],
            "propagate": True,
        }
    return config
