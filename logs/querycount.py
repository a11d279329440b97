"""A measurement aid, off unless the environment turns it on (settings.base)."""

from contextlib import ExitStack

from django.db import connections


class QueryCountHeaderMiddleware:
    """Adds `X-Query-Count`: the SQL statements the request ran (for bench/run.py)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        executed = 0

        def count(execute, sql, params, many, context):
            nonlocal executed
            executed += 1
            return execute(sql, params, many, context)

        with ExitStack() as stack:
            for connection in connections.all():
                stack.enter_context(connection.execute_wrapper(count))
            response = self.get_response(request)
        response["X-Query-Count"] = str(executed)
        return response
