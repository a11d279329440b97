"""Near me: a coordinator names their municipality and sees first the models developed or used
in its wellbeing services county, then those of the neighbouring counties, each card saying why.

The neighbours are a reference table of land borders between the counties (and Helsinki), kept
here for the ordering alone; it is no catalogue content. (Search's place-aware queries may keep
a table of their own: they should become one.)
"""

from dataclasses import dataclass

from django.db.models import Case, Exists, IntegerField, OuterRef, Q, Value, When
from django.utils.translation import gettext as _

from models_catalog.models import Municipality, OperatingModel, is_slug

from .models import Adoption

#: Counties that share a land border, by slug (symmetric: each pair is listed from both sides).
NEIGHBOURS = {
    "helsinki": {"vantaa-ja-kerava", "lansi-uusimaa", "ita-uusimaa"},
    "vantaa-ja-kerava": {"helsinki", "lansi-uusimaa", "keski-uusimaa", "ita-uusimaa"},
    "lansi-uusimaa": {
        "helsinki",
        "vantaa-ja-kerava",
        "keski-uusimaa",
        "varsinais-suomi",
        "kanta-hame",
    },
    "keski-uusimaa": {
        "vantaa-ja-kerava",
        "lansi-uusimaa",
        "ita-uusimaa",
        "kanta-hame",
        "paijat-hame",
    },
    "ita-uusimaa": {"helsinki", "vantaa-ja-kerava", "keski-uusimaa", "paijat-hame", "kymenlaakso"},
    "varsinais-suomi": {"lansi-uusimaa", "kanta-hame", "satakunta", "pirkanmaa"},
    "satakunta": {"varsinais-suomi", "pirkanmaa", "pohjanmaa", "etela-pohjanmaa"},
    "kanta-hame": {"varsinais-suomi", "lansi-uusimaa", "keski-uusimaa", "paijat-hame", "pirkanmaa"},
    "pirkanmaa": {
        "satakunta",
        "varsinais-suomi",
        "kanta-hame",
        "paijat-hame",
        "keski-suomi",
        "etela-pohjanmaa",
    },
    "paijat-hame": {
        "kanta-hame",
        "keski-uusimaa",
        "ita-uusimaa",
        "kymenlaakso",
        "pirkanmaa",
        "keski-suomi",
        "etela-savo",
    },
    "kymenlaakso": {"ita-uusimaa", "paijat-hame", "etela-savo", "etela-karjala"},
    "etela-karjala": {"kymenlaakso", "etela-savo", "pohjois-karjala"},
    "etela-savo": {
        "paijat-hame",
        "kymenlaakso",
        "etela-karjala",
        "keski-suomi",
        "pohjois-savo",
        "pohjois-karjala",
    },
    "keski-suomi": {
        "pirkanmaa",
        "paijat-hame",
        "etela-savo",
        "pohjois-savo",
        "pohjois-pohjanmaa",
        "keski-pohjanmaa",
        "etela-pohjanmaa",
    },
    "pohjois-savo": {"etela-savo", "keski-suomi", "pohjois-pohjanmaa", "kainuu", "pohjois-karjala"},
    "pohjois-karjala": {"etela-karjala", "etela-savo", "pohjois-savo", "kainuu"},
    "kainuu": {"pohjois-karjala", "pohjois-savo", "pohjois-pohjanmaa"},
    "pohjois-pohjanmaa": {"kainuu", "pohjois-savo", "keski-suomi", "keski-pohjanmaa", "lappi"},
    "keski-pohjanmaa": {"pohjois-pohjanmaa", "keski-suomi", "etela-pohjanmaa", "pohjanmaa"},
    "pohjanmaa": {"keski-pohjanmaa", "etela-pohjanmaa", "satakunta"},
    "etela-pohjanmaa": {"pohjanmaa", "keski-pohjanmaa", "keski-suomi", "pirkanmaa", "satakunta"},
    "lappi": {"pohjois-pohjanmaa"},
}

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
