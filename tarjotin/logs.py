"""Logging pieces: one JSON object a line for log collectors, and masking of secrets in paths.

Request log lines name paths; the client's own referral page, an invitation and a freshness
confirmation carry their token in the path (``/lahete/<token>/``, ``/manage/accept/<token>/``,
``/manage/confirm/<token>/``, also inside a login page's ``next=``), so the token is masked
before any handler writes the line.
"""

import json
import logging
import re

SECRET_PATHS = re.compile(r"((?:/|%2F)(?:lahete|accept|confirm)(?:/|%2F))[^/%\s\"'&]+", re.I)


class MaskSecrets(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = SECRET_PATHS.sub(r"\1…", message)
        if masked != message:
            record.msg, record.args = masked, ()
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        status = getattr(record, "status_code", None)
        if status is not None:
            entry["status"] = status
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)
