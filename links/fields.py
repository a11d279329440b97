"""A field for web links that people follow."""

from django.core.validators import URLValidator
from django.db import models

#: Links in the catalogue are for people to follow: nothing but http(s).
http_url_validator = URLValidator(schemes=["http", "https"])


class LinkField(models.URLField):
    """A web link: http or https only (no javascript: or data:); https assumed when typed bare."""

    default_validators = [http_url_validator]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 500)
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        return super().formfield(**{"assume_scheme": "https", **kwargs})
