"""The list page's facet counts, from bitmaps of model ids.

Counting the options of seven facets over tens of thousands of matching models is hundreds of
milliseconds of SQL at 100 000 models, on either database; intersecting compressed bitmaps
(Roaring, pyroaring) takes microseconds. The database keeps one bitmap of the published models
per facet option (FacetBitmap), rebuilt whenever the catalogue changes (the catalogue's one
write path, which says what the members are: search never reads the catalogue's tables), which
also replaces their version (IndexVersion) in the same transaction. Each process keeps the
bitmaps it last read, and every count first reads the version: one small query keeps them
current across processes, and an edit rolled back leaves the old version, so the old bitmaps,
in place.
"""

import secrets
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Subquery
from pyroaring import BitMap

from .models import FacetBitmap, IndexVersion

#: The key of the bitmap of every published model.
PUBLISHED = ("", "")

#: {(facet, option): the published models with it}, with every published model at PUBLISHED.
Bitmaps = dict[tuple[str, str], BitMap]


@dataclass(frozen=True)
class FacetIndex:
    #: The published models.
    models: BitMap
    #: {facet: {option: the published models with that option}}
    options: dict[str, dict[str, BitMap]]

    def any_of(self, facet: str, values) -> BitMap:
        """The models with any of these options of a facet."""
        bitmaps = [self.options.get(facet, {}).get(value) for value in values]
        return BitMap.union(BitMap(), *filter(None, bitmaps))

    def count(self, facet: str, matching: BitMap) -> dict[str, int]:
        """{option: how many of `matching` have it}, options with none left out."""
        counts = {
            option: matching.intersection_cardinality(models)
            for option, models in self.options.get(facet, {}).items()
        }
        return {option: count for option, count in counts.items() if count}


_current: dict[str, tuple[str, FacetIndex]] = {}


def current(using: str) -> FacetIndex:
    """The bitmaps as the database now is, in one query: it returns the bitmaps only when
    their version is not the one this process holds (there is always the published row)."""
    held_token, held = _current.get(using, ("", FacetIndex(BitMap(), {})))
    version = IndexVersion.objects.using(using).filter(pk=IndexVersion.ONLY).values("token")
    rows = (
        FacetBitmap.objects.using(using)
        .annotate(version=Subquery(version))
        .exclude(version=held_token)
        .values_list("version", "facet", "option", "members")
    )
    options: dict[str, dict[str, BitMap]] = {}
    models, token = None, None
    for version_read, facet, option, members in rows:
        token = version_read
        bitmap = BitMap.deserialize(bytes(members))
        if (facet, option) == PUBLISHED:
            models = bitmap
        else:
            options.setdefault(facet, {})[option] = bitmap
    if token is None:
        return held
    _current[using] = (token, FacetIndex(models or BitMap(), options))
    return _current[using][1]


def rebuild(using: str, members: Callable[[str], Bitmaps]) -> None:
    """Every bitmap written again, as `members(using)` gives them: after every change to the
    catalogue, in the same transaction as the change's refresh. `members` is called once this
    writer holds the version's row, so it reads what the writers before it committed."""
    with transaction.atomic(using=using):
        rows = _locked_rows(using)
        bitmaps = {key: BitMap() for key in rows} | members(using)
        _write(using, rows, bitmaps)


def differences(using: str, expected: Bitmaps) -> list[str]:
    """The options ("county:pirkanmaa") whose stored bitmap is not the expected one."""
    stored = {
        (row.facet, row.option): BitMap.deserialize(bytes(row.members))
        for row in FacetBitmap.objects.using(using)
    }
    expected = {PUBLISHED: BitMap(), **expected}
    return sorted(
        ":".join(key) or "published"
        for key in stored.keys() | expected.keys()
        if stored.get(key, BitMap()) != expected.get(key, BitMap())
    )


def _locked_rows(using: str) -> dict[tuple[str, str], FacetBitmap]:
    """The bitmaps' rows, for a writer that holds the version's row: writers one at a time,
    since each reads them, changes them and writes them back."""
    IndexVersion.objects.using(using).select_for_update().get_or_create(pk=IndexVersion.ONLY)
    return {(row.facet, row.option): row for row in FacetBitmap.objects.using(using)}


def _write(using: str, rows: dict, bitmaps: Bitmaps) -> None:
    manager = FacetBitmap.objects.using(using)

    def kept(key, members) -> bool:
        return bool(members) or key == PUBLISHED

    emptied = [
        rows[key].pk for key, members in bitmaps.items() if key in rows and not kept(key, members)
    ]
    updated = []
    for key, members in bitmaps.items():
        if kept(key, members) and key in rows:
            rows[key].members = members.serialize()
            updated.append(rows[key])
    added = [
        FacetBitmap(facet=key[0], option=key[1], members=members.serialize())
        for key, members in bitmaps.items()
        if kept(key, members) and key not in rows
    ]
    manager.filter(pk__in=emptied).delete()
    manager.bulk_update(updated, ["members"], batch_size=100)
    manager.bulk_create(added, batch_size=100)
    IndexVersion.objects.using(using).filter(pk=IndexVersion.ONLY).update(
        token=secrets.token_hex(8)
    )
