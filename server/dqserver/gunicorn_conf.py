"""gunicorn settings for production: ``gunicorn -c server/dqserver/gunicorn_conf.py …``
(a file path: gunicorn reads its config before it changes into ``--chdir``).

The access log goes to stdout (the journal) with the helpers' calendar secrets cut out of every
field: a calendar address is the only key to a helper's bookings, and logs are kept and read by
more people than the database."""

from __future__ import annotations

import re

from gunicorn.glogging import Logger

CALENDAR_SECRET = re.compile(r"(/kalender/)[^/?#\s\"]+")

accesslog = "-"


class RedactingLogger(Logger):
    """gunicorn's logger with calendar secrets replaced by ``…`` in all access log fields."""

    def atoms(self, resp, req, environ, request_time):
        return {key: CALENDAR_SECRET.sub(r"\1….ics", value) if isinstance(value, str) else value
                for key, value in super().atoms(resp, req, environ, request_time).items()}


logger_class = RedactingLogger
