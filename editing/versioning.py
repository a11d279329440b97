"""Optimistic concurrency: every row of content that editors change carries a version number.

Every UPDATE of such a row raises its version by one in the same statement (`version =
version + 1`), whoever makes it: a save, a bulk `update()` or `bulk_update()` of the catalogue's
querysets, an admin action, a fixture. A save that says which version it is based on (an admin
form does, `based_on()`) adds `AND version = <that>` to its UPDATE, so the database itself
refuses it if anyone else's change committed in between: there is no window between the check
and the write. Refused, it raises `EditConflict` and the transaction rolls back.
"""

from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _


class EditConflict(Exception):
    """A save based on a version of its row that is no longer the saved one."""

    def __init__(self, instance):
        based_on = getattr(instance, "_based_on_version", None)
        super().__init__(f"{instance._meta.label} {instance.pk} changed after version {based_on}")
        self.instance = instance


class Versioned(models.Model):
    #: Not serialised: fixtures, exports and the history carry content, not this counter.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False, serialize=False)

    class Meta:
        abstract = True

    def based_on(self, version: int) -> None:
        """The next save of this instance writes only if its row is still at `version`."""
        self._based_on_version = version

    @property
    def based_on_version(self) -> int | None:
        return getattr(self, "_based_on_version", None)

    def _do_update(self, base_qs, using, pk_val, values, update_fields, forced_update):
        field = self._meta.get_field("version")
        values = [value for value in values if value[0] is not field]
        values.append((field, None, F("version") + 1))
        expected = getattr(self, "_based_on_version", None)
        if expected is not None:
            base_qs = base_qs.filter(version=expected)
        updated = super()._do_update(base_qs, using, pk_val, values, update_fields, forced_update)
        if expected is not None:
            if not updated:
                raise EditConflict(self)
            del self._based_on_version
            self.version = expected + 1
        elif updated:
            # Only the database knows what it was raised to: read it again when asked for.
            self.__dict__.pop("version", None)
        return updated


def lock(queryset) -> None:
    """Hold these rows until the transaction ends, by a write that changes nothing: PostgreSQL
    locks the rows; SQLite takes its one write lock. Done first thing in a transaction, a
    second editor's save waits here and then reads what the first saved, instead of reading
    first and failing to write (SQLite's "database is locked")."""
    model = queryset.model
    # The base manager's plain queryset: no change to note, no version to raise.
    model._base_manager.using(queryset.db).filter(pk__in=queryset.values("pk")).update(
        version=F("version")
    )


def is_versioned(model) -> bool:
    return issubclass(model, Versioned)
