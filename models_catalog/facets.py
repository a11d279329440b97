"""The list page's facets as the catalogue's tables say them: which published models have each
option, read from the link tables. Search keeps these as bitmaps and counts on them
(search.facets); the one write path (changes.py) rebuilds them after every change, and
`check_derived` compares them with the tables."""

from django.db.models import Q
from pyroaring import BitMap

from search import facets as stored
from search.facets import PUBLISHED, Bitmaps

from .models import FACET_RELATIONS, Adoption, Material, OperatingModel


def from_links(using: str) -> Bitmaps:
    """{(facet, option): the published models with it}, every published model at PUBLISHED."""
    published = OperatingModel.objects.using(using).published()
    members: dict[tuple[str, str], list[int]] = {
        PUBLISHED: list(published.values_list("pk", flat=True))
    }
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
    keyed["used"] = _used_in(published)
    for facet, rows in keyed.items():
        for option, pk in rows.iterator(chunk_size=10_000):
            members.setdefault((facet, option), []).append(pk)
    return {key: BitMap(pks) for key, pks in members.items()}


def rebuild(using: str) -> None:
    """Every bitmap written again from the models and their links."""
    stored.rebuild(using, from_links)


def differences(using: str) -> list[str]:
    """The options ("county:pirkanmaa") whose stored bitmap is not what the links say."""
    return stored.differences(using, from_links(using))


def linked(facet: str, values):
    """The ids of the models linked to any of these options of a facet, as a subquery on the
    link table alone (a model linked to two options is listed once, and the database can hash
    it): what search filters by where its index does not hold the facet keys."""
    if facet == "material":
        return Material.objects.filter(kind__in=values).values("operating_model")
    if facet == "used":
        return _linked_by_use(values)
    link = OperatingModel._meta.get_field(FACET_RELATIONS[facet])
    return link.remote_field.through.objects.filter(
        **{f"{link.m2m_reverse_field_name()}__slug__in": values}
    ).values(link.m2m_field_name())


def _used_in(published):
    """The "used in the county" facet: the counties where a published model was developed
    (its own counties) or where an editor approved an adoption of it, as (county slug, model
    id) rows in one query; a pair may repeat."""
    field = OperatingModel._meta.get_field("counties")
    own, option = field.m2m_field_name(), field.m2m_reverse_field_name()
    developed = field.remote_field.through.objects.using(published.db).filter(
        **{f"{own}__in": published.values("pk")}
    )
    adopted = (
        Adoption.objects.using(published.db)
        .approved()
        .filter(operating_model__in=published.values("pk"))
    )
    return (
        developed.order_by()
        .values_list(f"{option}__slug", own)
        .union(
            adopted.order_by().values_list("municipality__county__slug", "operating_model"),
            all=True,
        )
    )


def _linked_by_use(values):
    """The ids of the models developed or used in any of these counties (a subquery)."""
    return (
        OperatingModel._base_manager.filter(
            Q(counties__slug__in=values)
            | Q(
                adoptions__status=Adoption.Status.APPROVED,
                adoptions__municipality__county__slug__in=values,
            )
        )
        .values("pk")
        .distinct()
    )
