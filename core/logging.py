"""Logging helpers: a request error is one readable line on the console."""

import logging


class OneLineRequestFilter(logging.Filter):
    """django.request logs a 403/404 with the exception's traceback; an office console wants one line.

    `403 GET /plans/5/edit/ · vhxh · Forbidden (Permission denied): Bạn không có quyền…`. A 500 is a bug and keeps
    its traceback.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if status is None or status >= 500:
            return True
        request = getattr(record, "request", None)
        reason = record.getMessage().split(":", 1)[0]
        detail = ""
        if record.exc_info and record.exc_info[1] is not None and str(record.exc_info[1]):
            detail = f": {record.exc_info[1]}"
        user = getattr(request, "user", None)
        who = user.get_username() if user is not None and user.is_authenticated else "khách"
        method = getattr(request, "method", "?")
        path = request.get_full_path() if request is not None else "?"
        record.msg = f"{status} {method} {path} · {who} · {reason}{detail}"
        record.args = ()
        record.exc_info = None
        record.exc_text = None
        return True
