"""A field for web links that people follow."""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .addresses import why_host_not_public

#: Links in the catalogue are for people to follow: nothing but http(s).
http_url_validator = URLValidator(schemes=["http", "https"])


def validate_public_host(value) -> None:
    """Refuse a link whose host is plainly not on the public internet.

    Readers cannot follow a link to 127.0.0.1, localhost or a private address, and
    `check_links` would ask the server's own network for it. Only what the address says by
    itself is judged here (a literal IP address, or a name like localhost); a name is not
    looked up when saving, since DNS can answer differently later: the checker judges the
    addresses it resolves to, every time, before connecting (links.checker).
    """
    try:
        host = urlsplit(str(value)).hostname or ""
    except ValueError:
        return  # not a URL at all: URLValidator says so
    if why_host_not_public(host):
        raise ValidationError(
            _(
                "This link points to %(host)s, which is not an address on the public internet "
                "(it is the server itself, a private network or a reserved address): readers "
                "cannot open it. Give the public address of the page."
            ),
            code="not_public",
            params={"host": host},
        )


class LinkField(models.URLField):
    """A web link: http or https only (no javascript: or data:), to a public host; https
    assumed when typed bare."""

    default_validators = [http_url_validator, validate_public_host]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 500)
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        return super().formfield(**{"assume_scheme": "https", **kwargs})
