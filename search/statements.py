"""Small queries asked on every request, compiled once per process.

Building and compiling a Django query costs several times more than running a small one on
either database: the bitmaps' version check (facets.current), the thesaurus and the gazetteer
(engine) are built once, and each request only sends the SQL and reads the rows.
"""

from functools import cache

from django.db import connections


def rows(build, using: str, substitute: dict[str, object] | None = None) -> tuple[tuple, ...]:
    """The rows of the query `build(using)` returns, built and compiled once per process and
    database. A parameter equal to a key of `substitute` is sent as its value (a placeholder
    the query was built with)."""
    sql, params = _compiled(build, using)
    if substitute:
        params = [
            substitute.get(param, param) if isinstance(param, str) else param for param in params
        ]
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params)
        return tuple(map(tuple, cursor.fetchall()))


@cache
def _compiled(build, using: str) -> tuple[str, tuple]:
    return build(using).query.get_compiler(using).as_sql()
