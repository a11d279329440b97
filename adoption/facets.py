"""The list's "used in the county" facet: the counties where a model was developed (its own
counties) or where an editor approved an adoption. Rebuilt by the one write path with the
other facets (models_catalog.facets)."""

from django.db.models import Q

from models_catalog.models import OperatingModel

from .models import Adoption


def from_links(published):
    """(county slug, model id) rows of the published models, as one query; a pair may
    repeat."""
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


def linked(values):
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
