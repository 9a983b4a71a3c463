"""Django's PostgreSQL backend with a health check that costs no round trip.

With persistent connections and `CONN_HEALTH_CHECKS`, Django checks a kept connection
before each request reuses it by running `SELECT 1`: one round trip per request, as much
as a single event's whole statement. Here the check asks the socket instead: a healthy idle
connection has nothing to read, while a server that restarted or ended the session has
sent its farewell or closed the socket, which makes it readable. Only then is `SELECT 1`
run, to tell. A connection whose peer vanished without a word (a network partition) is not
detected here; its first statement then fails within the connect and statement bounds and
the request answers 503, as any database failure does.
"""

from __future__ import annotations

import select

from django.db.backends.postgresql.base import DatabaseWrapper as PostgreSQLDatabaseWrapper


class DatabaseWrapper(PostgreSQLDatabaseWrapper):
    def is_usable(self) -> bool:
        session = self.connection
        if session is None or session.closed or session.broken:
            return False
        if session.info.transaction_status != session.info.transaction_status.IDLE:
            return super().is_usable()
        try:
            # poll, not select: any descriptor number, however many files the process holds.
            poller = select.poll()
            poller.register(session.fileno(), select.POLLIN | select.POLLERR | select.POLLHUP)
            news = poller.poll(0)
        except (OSError, ValueError):
            return False
        if news:
            return super().is_usable()
        return True
