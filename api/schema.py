"""Document the error answers every operation can give, so clients (and schemathesis) know them."""

ERROR = {
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "description": "What was wrong: {'detail': …}, or messages per parameter.",
                "additionalProperties": True,
            }
        }
    }
}
ERRORS = {
    "400": {"description": "A filter or parameter has a value that is not allowed.", **ERROR},
    "404": {"description": "No such object, or a page past the last one.", **ERROR},
    "429": {"description": "Too many requests; wait as many seconds as Retry-After says.", **ERROR},
}


def add_error_responses(result, generator, request, public):
    for path in result.get("paths", {}).values():
        for operation in path.values():
            for status, response in ERRORS.items():
                operation["responses"].setdefault(status, response)
    return result


def describe_filter_values(result, generator, request, public):
    """The facet parameters accept the vocabularies' slugs: list them, as they are now.

    Only for a schema served to a client: the system checks and `manage.py spectacular` build
    it without a request, and maybe before the database exists.
    """
    if request is None:
        return result
    from models_catalog.filters import OperatingModelFilter
    from search.engine import MAX_QUERY_LENGTH

    from .serializers import CATALOGUE_CHALLENGES, CATALOGUE_VOCABULARY

    filterset = OperatingModelFilter()
    # The catalogue's own classifications are labelled as such (not the report's).
    own = {"benefit": CATALOGUE_VOCABULARY, "work": CATALOGUE_VOCABULARY}
    own["challenge"] = CATALOGUE_CHALLENGES
    operation = result["paths"].get("/api/v1/operating-models/", {}).get("get")
    for parameter in operation["parameters"] if operation else []:
        name = parameter["name"]
        if name in own:
            parameter["description"] = f"{parameter.get('description', '')} {own[name]}".strip()
        if name in filterset.FACETS:
            values = [value for value, *_ in filterset.vocabulary(name)]
            parameter["schema"]["items"]["enum"] = values
        elif name == "q":
            parameter["schema"]["maxLength"] = MAX_QUERY_LENGTH
            parameter["schema"]["pattern"] = "^[^\\u0000]*$"  # no NUL characters
    return result
