"""Near me: a coordinator names their municipality and sees first the models developed or used
in its wellbeing services county, then those of the neighbouring counties, each card saying why.

The neighbours are the table of land borders that search's place-aware answers use
(models_catalog.nearby): compiled for the catalogue, not from its sources.
"""

from dataclasses import dataclass

from django.db.models import Case, Exists, IntegerField, OuterRef, Q, Value, When
from django.utils.translation import gettext as _

from models_catalog.models import Municipality, OperatingModel, is_slug
from models_catalog.nearby import NEIGHBOURS  # one table for search and near me

from .models import Adoption

#: The session key of the municipality a reader named (the list offers it again).
SESSION_KEY = "near_municipality"


def municipality(slug: str):
    """The named municipality with its county, or None."""
    if not slug or not is_slug(slug):
        return None
    return Municipality.objects.select_related("county").filter(slug=slug).first()


def _in_counties(slugs):
    """A model developed in, or adopted (approved) in, any of these counties."""
    links = OperatingModel.counties.through.objects.filter(
        operatingmodel_id=OuterRef("pk"), wellbeingcounty__slug__in=slugs
    )
    adopted = Adoption.objects.approved().filter(
        operating_model_id=OuterRef("pk"), municipality__county__slug__in=slugs
    )
    return Q(Exists(links)) | Q(Exists(adopted))


def ordered(queryset, place):
    """`queryset` with the models of the reader's county first, then of its neighbours, each
    group in the order the queryset had."""
    own = place.county.slug
    rank = Case(
        When(_in_counties([own]), then=Value(0)),
        When(_in_counties(sorted(NEIGHBOURS.get(own, ()))), then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return queryset.order_by(rank, *queryset.query.order_by)


@dataclass(frozen=True)
class Reason:
    text: str
    near: bool  # own county or a neighbour's


def explain(models, place) -> None:
    """Put on each model of a page (a list) why it is where it is: `model.near_reason`."""
    pks = [model.pk for model in models]
    own = place.county
    neighbours = NEIGHBOURS.get(own.slug, set())
    developed: dict[int, list] = {}
    links = OperatingModel.counties.through.objects.filter(operatingmodel_id__in=pks)
    for pk, county in links.values_list("operatingmodel_id", "wellbeingcounty__slug"):
        developed.setdefault(pk, []).append(county)
    adopted: dict[int, list] = {}
    rows = Adoption.objects.approved().filter(operating_model_id__in=pks)
    for pk, name, county in rows.values_list(
        "operating_model_id", "municipality__name", "municipality__county__slug"
    ):
        adopted.setdefault(pk, []).append((name, county))
    names = dict(own.__class__.objects.values_list("slug", "name"))
    for model in models:
        model.near_reason = _reason(
            own, neighbours, names, developed.get(model.pk, []), adopted.get(model.pk, [])
        )


def _reason(own, neighbours, names, developed, adopted) -> Reason | None:
    if own.slug in developed:
        return Reason(_("Developed in your county, %(county)s") % {"county": own.name}, True)
    used_here = sorted(name for name, county in adopted if county == own.slug)
    if used_here:
        return Reason(_("Used in your county: %(places)s") % {"places": ", ".join(used_here)}, True)
    near = sorted(
        {names[county] for county in developed if county in neighbours}
        | {names[county] for _name, county in adopted if county in neighbours}
    )
    if near:
        return Reason(
            _("Developed or used in a neighbouring county: %(counties)s")
            % {"counties": ", ".join(near)},
            True,
        )
    return None


@dataclass(frozen=True)
class Remembered:
    municipality: object
    query: str  # the list's query string with it chosen


def remember(request, query) -> Remembered | None:
    """Keep the municipality a reader chose in their session; on a list without one, offer
    theirs again (the page itself stays a function of its address, and is cached as such)."""
    if "near" in request.GET:
        place = municipality(query.get("near", ""))
        if place:
            request.session[SESSION_KEY] = place.slug
        else:
            request.session.pop(SESSION_KEY, None)  # "not chosen": forgotten
        return None
    place = municipality(request.session.get(SESSION_KEY, ""))
    if place is None:
        return None
    with_near = query.copy()
    with_near["near"] = place.slug
    with_near.pop("page", None)
    return Remembered(place, with_near.urlencode())
