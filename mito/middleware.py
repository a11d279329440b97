"""Measurement aids, off unless the environment turns them on."""

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

        wrappers = [connection.execute_wrapper(count) for connection in connections.all()]
        for wrapper in wrappers:
            wrapper.__enter__()
        try:
            response = self.get_response(request)
        finally:
            for wrapper in reversed(wrappers):
                wrapper.__exit__(None, None, None)
        response["X-Query-Count"] = str(executed)
        return response
