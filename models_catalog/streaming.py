"""Models one at a time with their relations, for downloads of any size.

`queryset.prefetch_related(...)` holds every model's relations in memory at once, and with
`.iterator(chunk_size)` runs its queries once per chunk. stream() instead reads each relation
with one query ordered like the models and walks them side by side (a merge join), so a
download of the whole catalogue runs a fixed number of statements, holds one model at a time,
and starts at once. On PostgreSQL every query reads through a server-side cursor.
"""

from dataclasses import dataclass

from django.db.models import F, ManyToManyField, Prefetch, QuerySet
from django.db.models.fields.reverse_related import ManyToOneRel
from django.http import StreamingHttpResponse

CHUNK_SIZE = 2000
#: The order stream() walks in: the report's, with the primary key as a tie-breaker.
ORDER = ("number", "pk")


def in_streamable_order(queryset) -> bool:
    """Whether stream() can walk this queryset: ordered by the report's numbering."""
    return tuple(queryset.query.order_by) in {("number",), ORDER}


def each(queryset):
    """The models of `queryset` one at a time with their prefetched relations: streamed when
    in the report's order, else a chunk of models and their relations at a time."""
    if in_streamable_order(queryset):
        return stream(queryset)
    return queryset.iterator(chunk_size=CHUNK_SIZE)


class DownloadResponse(StreamingHttpResponse):
    """A download sent as it is made. `content`, all of it at once, reads the whole stream,
    for callers that want the body as bytes (as of an HttpResponse): tests and tools."""

    @property
    def content(self) -> bytes:
        whole = b"".join(self.streaming_content)
        self.streaming_content = [whole]
        return whole


def stream(queryset):
    """The models of `queryset` (in_streamable_order) one at a time, each with the relations
    of its prefetch_related() lookups filled in, as if prefetched."""
    lookups = queryset._prefetch_related_lookups
    models = queryset.prefetch_related(None).order_by(*ORDER)
    keys = models.values("pk")
    relations = [_Relation.of(models.model, lookup, keys) for lookup in lookups]
    for model in models.iterator(chunk_size=CHUNK_SIZE):
        position = (model.number, model.pk)
        for relation in relations:
            relation.fill(model, position)
        yield model


@dataclass
class _Relation:
    name: str
    rows: object  # the relation's rows, annotated with their model's position
    template: object  # an empty queryset of the related model, copied for each model

    @classmethod
    def of(cls, model, lookup, keys):
        name, base = lookup, None
        if isinstance(lookup, Prefetch):
            name, base = lookup.prefetch_through, lookup.queryset
        field = model._meta.get_field(name)
        if isinstance(field, ManyToManyField):
            related, path = field.related_model, field.related_query_name()
        elif isinstance(field, ManyToOneRel):
            related, path = field.related_model, field.field.name
        else:
            raise ValueError(f"stream() reads many-to-many and reverse relations, not {name}")
        base = base if base is not None else related._default_manager.all()
        ordering = [term for term in related._meta.ordering if term != path]
        rows = (
            base.filter(**{f"{path}__in": keys})
            .annotate(_model_number=F(f"{path}__number"), _model_pk=F(f"{path}__pk"))
            .order_by("_model_number", "_model_pk", *ordering)
        )
        return cls(
            name, _Rows(rows.iterator(chunk_size=CHUNK_SIZE)), related._default_manager.all()
        )

    def fill(self, model, position):
        # What prefetch_related() leaves: an evaluated queryset. Copied from an unevaluated
        # one, not cloned: a clone per model and relation was a third of a download's time.
        cached = QuerySet.__new__(type(self.template))
        cached.__dict__.update(self.template.__dict__)
        cached._result_cache = self.rows.take(position)
        cached._prefetch_done = True
        model.__dict__.setdefault("_prefetched_objects_cache", {})[self.name] = cached


class _Rows:
    """A relation's rows in model order, taken a model at a time."""

    def __init__(self, iterator):
        self.iterator = iterator
        self.next = next(iterator, None)

    def take(self, position) -> list:
        found = []
        while self.next is not None:
            row_position = (self.next._model_number, self.next._model_pk)
            if row_position > position:
                break
            if row_position == position:  # earlier ones: a model gone since the models' query
                found.append(self.next)
            self.next = next(self.iterator, None)
        return found
