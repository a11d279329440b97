"""The list page's facet counts, from bitmaps of model ids.

Counting the options of seven facets over tens of thousands of matching models is hundreds of
milliseconds of SQL at 100 000 models, on either database; intersecting compressed bitmaps
(Roaring, pyroaring) takes microseconds. The database keeps one bitmap of the published models
per facet option (FacetBitmap), brought up to date with every write to the search index, which
also replaces the index's version (IndexVersion) in the same transaction. Each process keeps
the bitmaps it last read, and every count first reads the version: one small query keeps them
current across processes, an edit costs a process one read of the bitmaps (not a recount),
and an edit rolled back leaves the old version, so the old bitmaps, in place.

With the bitmaps a process reads the published models in the report's order: the related
models of a model's page are ranked from both (FacetIndex.related) without a query of their own.
"""

import secrets
import sys
from array import array
from contextlib import suppress
from dataclasses import dataclass
from functools import cached_property

from django.db import transaction
from django.db.models import Subquery
from pyroaring import BitMap

from mito import statements
from models_catalog.models import FACET_RELATIONS, Material, OperatingModel

from .models import FacetBitmap, IndexVersion

#: The key of the row of every published model: not a bitmap but (number, model) pairs, in
#: the report's order.
PUBLISHED = ("", "")
#: How many models sharing something related models are chosen from (FacetIndex.related).
RELATED_CANDIDATES = 100


@dataclass(frozen=True)
class FacetIndex:
    #: The published models.
    models: BitMap
    #: {facet: {option: the published models with that option}}
    options: dict[str, dict[str, BitMap]]
    #: The published models in the report's order (by number).
    order: tuple[int, ...] = ()

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

    def related(self, pk: int, options: dict[str, list[str]], limit: int) -> list[int]:
        """The other published models sharing any of these options of model `pk` (its own,
        {facet: [option]}), most shared first, then in the report's order.

        Chosen from the first RELATED_CANDIDATES models in the report's order that share any,
        so the cost does not grow with the catalogue. Exact while fewer models than that share
        one (in the report, 14 at most)."""
        bitmaps = [
            bitmap
            for facet, values in options.items()
            for value in values
            if (bitmap := self.options.get(facet, {}).get(value))
        ]
        sharing = BitMap.union(BitMap(), *bitmaps)
        sharing.discard(pk)
        candidates = self._first_in_order(sharing, RELATED_CANDIDATES)
        # A stable sort keeps the report's order among equals.
        ranked = sorted(candidates, key=lambda other: -sum(other in b for b in bitmaps))
        return ranked[:limit]

    def _first_in_order(self, members: BitMap, count: int) -> list[int]:
        """The first `count` of these models in the report's order."""
        if len(members) * 20 < len(self.order):  # few: sorted by their place
            last = len(self.order)  # (a model published since the order was read)
            return sorted(members, key=lambda pk: self.position.get(pk, last))[:count]
        # Many: the walk meets `count` of them after about count × len(order) / len(members).
        first = []
        for member in self.order:
            if member in members:
                first.append(member)
                if len(first) == count:
                    break
        return first

    @cached_property
    def position(self) -> dict[int, int]:
        """{model: its place in the report's order}"""
        return {pk: place for place, pk in enumerate(self.order)}


_current: dict[str, tuple[str, FacetIndex]] = {}


def current(using: str) -> FacetIndex:
    """The bitmaps as the database now is, in one query: it returns the bitmaps only when
    their version is not the one this process holds (there is always the published row)."""
    held_token, held = _current.get(using, ("", FacetIndex(BitMap(), {})))
    rows = statements.rows(_changed_rows, _CHANGED_ROWS, using, {_HELD: held_token})
    options: dict[str, dict[str, BitMap]] = {}
    order, token = [], None
    for version_read, facet, option, members in rows:
        token = version_read
        if (facet, option) == PUBLISHED:
            order = [pk for _number, pk in _decode_order(bytes(members))]
        else:
            options.setdefault(facet, {})[option] = BitMap.deserialize(bytes(members))
    if token is None:
        return held
    _current[using] = (token, FacetIndex(BitMap(order), options, tuple(order)))
    return _current[using][1]


#: Stands for the held version in _changed_rows, which is compiled once (mito.statements).
_HELD = "held version"
_CHANGED_ROWS = ("version", "facet", "option", "members")


def _changed_rows(using: str):
    """current()'s query: every bitmap, with the version, unless the version is _HELD."""
    version = IndexVersion.objects.using(using).filter(pk=IndexVersion.ONLY).values("token")
    return (
        FacetBitmap.objects.using(using)
        .annotate(version=Subquery(version))
        .exclude(version=_HELD)
        .values_list(*_CHANGED_ROWS)
    )


def update(using: str, changes: dict[int, tuple[int, list[str]] | None]) -> None:
    """Put each model, by its (number, facet keys ["county:pirkanmaa", …]), in the report's
    order and under the bitmaps of its keys, or under none (None: a draft, or a model
    deleted), and replace the index's version."""
    with transaction.atomic(using=using):
        rows = _locked_rows(using)
        published = rows.pop(PUBLISHED, None)
        bitmaps = {key: BitMap.deserialize(bytes(row.members)) for key, row in rows.items()}
        changed = BitMap(changes)
        touched = {key for key, members in bitmaps.items() if members.intersect(changed)}
        for key in touched:
            bitmaps[key] -= changed
        for pk, change in changes.items():
            for key in (tuple(key.split(":", 1)) for key in change[1]) if change else ():
                bitmaps.setdefault(key, BitMap()).add(pk)
                touched.add(key)
        order = bytes(published.members) if published else None
        _write(using, rows, {key: bitmaps[key] for key in touched}, _reordered(order, changes))


def _reordered(data: bytes | None, changes) -> list[tuple[int, int]] | None:
    """The report's order (the published row's `data`) after these changes; None when every
    changed model keeps its place (an edit to anything but its number or publication): the
    row, 1.6 MB at 100 000 models, is then neither decoded whole nor written again."""
    if data is not None and _places_kept(_numbers(data), changes):
        return None
    changed = BitMap(changes)
    order = [(number, pk) for number, pk in _decode_order(data or b"") if pk not in changed]
    order += [(change[0], pk) for pk, change in changes.items() if change]
    return sorted(order)


def _places_kept(numbers: array, changes) -> bool:
    """Whether each changed model is where its change puts it: published with that number,
    or (None) not published. `numbers` holds (number, model) pairs, flat."""
    pks = numbers[1::2]
    if len(changes) > 100:  # many: one pass over the pairs
        placed = {pk: number for number, pk in zip(numbers[::2], pks, strict=True) if pk in changes}
    else:  # few (an editor's save): each found by a scan in C
        placed = {}
        for pk in changes:
            with suppress(ValueError):  # not published
                placed[pk] = numbers[2 * pks.index(pk)]
    return all(placed.get(pk) == (change and change[0]) for pk, change in changes.items())


def rebuild(using: str) -> None:
    """Every bitmap read again from the models and their links (after a bulk load that
    bypassed the index, and by the migration that introduced them)."""
    with transaction.atomic(using=using):
        rows = _locked_rows(using)
        rows.pop(PUBLISHED, None)
        bitmaps = {key: BitMap() for key in rows} | _from_links(using)
        published = OperatingModel.objects.using(using).published().order_by("number")
        _write(using, rows, bitmaps, list(published.values_list("number", "pk")))


def _locked_rows(using: str) -> dict[tuple[str, str], FacetBitmap]:
    """The bitmaps' rows, for a writer that holds the version's row: writers one at a time,
    since each reads them, changes them and writes them back."""
    IndexVersion.objects.using(using).select_for_update().get_or_create(pk=IndexVersion.ONLY)
    return {(row.facet, row.option): row for row in FacetBitmap.objects.using(using)}


def _write(using: str, rows: dict, bitmaps: dict[tuple[str, str], BitMap], order) -> None:
    """Write the bitmaps (`rows`: those read, but the published row), leaving out the empty
    ones, and the published row with `order`, (number, model) of every published model,
    unless it is None (unchanged)."""
    manager = FacetBitmap.objects.using(using)
    emptied = [rows[key].pk for key, members in bitmaps.items() if key in rows and not members]
    updated = []
    for key, members in bitmaps.items():
        if members and key in rows:
            rows[key].members = members.serialize()
            updated.append(rows[key])
    added = [
        FacetBitmap(facet=key[0], option=key[1], members=members.serialize())
        for key, members in bitmaps.items()
        if members and key not in rows
    ]
    manager.filter(pk__in=emptied).delete()
    manager.bulk_update(updated, ["members"], batch_size=100)
    manager.bulk_create(added, batch_size=100)
    if order is not None:  # always a row: current() relies on it
        facet, option = PUBLISHED
        manager.update_or_create(
            facet=facet, option=option, defaults={"members": _encode_order(order)}
        )
    IndexVersion.objects.using(using).filter(pk=IndexVersion.ONLY).update(
        token=secrets.token_hex(8)
    )


def _encode_order(order: list[tuple[int, int]]) -> bytes:
    """(number, model) pairs as 8-byte little-endian integers, whatever the machine."""
    numbers = array("q", [value for pair in order for value in pair])
    if sys.byteorder == "big":
        numbers.byteswap()
    return numbers.tobytes()


def _decode_order(data: bytes) -> list[tuple[int, int]]:
    numbers = _numbers(data)
    return list(zip(numbers[::2], numbers[1::2], strict=True))


def _numbers(data: bytes) -> array:
    numbers = array("q")
    numbers.frombytes(data)
    if sys.byteorder == "big":
        numbers.byteswap()
    return numbers


def _from_links(using: str) -> dict[tuple[str, str], BitMap]:
    published = OperatingModel.objects.using(using).published()
    members: dict[tuple[str, str], list[int]] = {}
    keyed = {}
    for facet, relation in FACET_RELATIONS.items():
        field = OperatingModel._meta.get_field(relation)
        own, option = field.m2m_field_name(), field.m2m_reverse_field_name()
        links = field.remote_field.through.objects.using(using)
        keyed[facet] = links.filter(**{f"{own}__in": published.values("pk")}).values_list(
            f"{option}__slug", own
        )
    materials = Material.objects.using(using).filter(operating_model__in=published.values("pk"))
    keyed["material"] = materials.values_list("kind", "operating_model")
    for facet, rows in keyed.items():
        for option, pk in rows.iterator(chunk_size=10_000):
            members.setdefault((facet, option), []).append(pk)
    return {key: BitMap(pks) for key, pks in members.items()}
