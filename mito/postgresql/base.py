"""Django's PostgreSQL backend, with a health check that needs no round trip.

With CONN_HEALTH_CHECKS a kept connection is checked before each request uses it. Django's
check sends `SELECT 1` and waits for the answer: on loopback that took longer than an API
answer's own statement. A server that ends a session (a restart, `pg_terminate_backend`, an
idle timeout) sends it a last message and closes the socket; a connection idle between
requests has nothing to read otherwise. So one with something to read, or closed, is
replaced, and the socket is only polled. Whatever else arrives unasked (a notice after a
configuration reload) costs one new connection, never a failed request.
"""

import select

from django.db.backends.postgresql import base


class DatabaseWrapper(base.DatabaseWrapper):
    def is_usable(self) -> bool:
        connection = self.connection
        if connection is None or connection.closed or connection.broken:
            return False
        try:
            poller = select.poll()
            poller.register(connection.fileno(), select.POLLIN)
            return not poller.poll(0)
        except (OSError, ValueError, base.Database.Error):
            return False
