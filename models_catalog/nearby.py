"""Place-aware answers: a query or a filter naming one wellbeing services county that has no
model for it is answered with the models of the counties next to it, said so.

The catalogue holds no coordinates, so "next to" is a frozen table of which counties share a
land border: the regions' (maakunnat) borders, which the wellbeing services counties follow,
with Uusimaa split into the City of Helsinki and its four counties by their municipalities'
borders. Compiled for the catalogue, not from the report.

Checked pair by pair (December 2026) against stored copies of Wikipedia's pages, which each
name a region's bordering regions or a municipality's neighbours; every pair of the table was
found there, and no region's list names a region the table leaves out:
- regions: North Ostrobothnia (db0nus869y26v.cloudfront.net/en/North_Ostrobothnia), Kainuu
  (en.wikipedia.org/wiki/Kainuu), South Karelia (en.wikipedia.org/wiki/South_Karelia),
  Kanta-Häme (en.wikipedia.org/wiki/Kanta-Häme), Southwest Finland
  (simple.wikipedia.org/wiki/Southwest_Finland), Central Ostrobothnia
  (simple.m.wikipedia.org/wiki/Central_Ostrobothnia), Satakunta
  (kiwix.lema.org/wikipedia_en_all_mini_2024-02/A/Satakunta), Pirkanmaa (Simple English
  Wikipedia via pwojczyn.com), South Ostrobothnia (thereaderwiki.com/en/South_Ostrobothnia),
  Ostrobothnia (db0nus869y26v.cloudfront.net/en/Ostrobothnia_(region)), North Savo
  (theinfolist.com), Päijät-Häme (world.wikisort.org), and Wikipedia's lead sentences quoted
  on triviaquestions.online for South Savo, North Karelia, Central Finland, Kymenlaakso and
  Uusimaa (Southwest Finland, Kanta-Häme, Päijät-Häme, Kymenlaakso); Lapland borders North
  Ostrobothnia only (passions4life.blogspot.com quoting Wikipedia; no other region names it).
- Uusimaa, by municipalities: Vantaa borders Helsinki, Espoo, Nurmijärvi, Kerava, Tuusula and
  Sipoo (en.wikipedia.org/wiki/Vantaa); Espoo borders Helsinki (Wikipedia's Helsinki article,
  princeton.edu copy); Sipoo borders Helsinki, Vantaa, Kerava, Tuusula, Järvenpää, Porvoo,
  Pornainen, Mäntsälä (simple.wikipedia.org/wiki/Sipoo); Nurmijärvi borders Espoo, Vantaa,
  Tuusula, Hyvinkää, Vihti (en.wikipedia.org/wiki/Nurmijärvi); Pornainen borders Askola and
  Porvoo (Wikipedia quoted on triviaquestions.online); Riihimäki (Kanta-Häme) borders
  Hyvinkää and Loppi (simple.wikipedia.org/wiki/Riihimäki); Karkkila borders Loppi and Tammela
  (Kanta-Häme; en.wikipedia.org/wiki/?oldid=949292152&title=Karkkila); Lohja borders Salo and
  Somero (Southwest Finland) and Tammela (es.stringtranslate.com/wiki/Lohja); Orimattila
  (Päijät-Häme) borders Mäntsälä, Lapinjärvi, Myrskylä and Pukkila (fi.wikipedia's Orimattila,
  wikipedia.ddns.net copy); Kouvola (Kymenlaakso) borders Lapinjärvi and Loviisa
  (encyclopedia.datana.cloud copy of en.wikipedia's Kouvola). The counties' municipalities:
  keusote.fi (Keski-Uusimaa), itauusimaa.fi (Itä-Uusimaa),
  en.wikipedia.org/wiki/Western_Uusimaa_Wellbeing_Services_County.
Not checked: Statistics Finland's own map (not among the stored pages); and, within Uusimaa,
that the pairs the table leaves out (for example Helsinki and Keski-Uusimaa) share no border:
no stored page lists every neighbour of every municipality there.

Near me: a coordinator names their municipality and sees first the models developed or used
in its wellbeing services county, then those of the neighbouring counties (the same table),
each card saying why.
"""

from dataclasses import dataclass

from django.db.models import Case, Exists, IntegerField, OuterRef, Q, Value, When
from django.utils.translation import gettext as _

from .models import Adoption, Municipality, OperatingModel, is_slug

NEIGHBOURS: dict[str, tuple[str, ...]] = {
    "etela-karjala": ("etela-savo", "kymenlaakso", "pohjois-karjala"),
    "etela-pohjanmaa": ("keski-pohjanmaa", "keski-suomi", "pirkanmaa", "pohjanmaa", "satakunta"),
    "etela-savo": (
        "etela-karjala",
        "keski-suomi",
        "kymenlaakso",
        "paijat-hame",
        "pohjois-karjala",
        "pohjois-savo",
    ),
    "helsinki": ("ita-uusimaa", "lansi-uusimaa", "vantaa-ja-kerava"),
    "ita-uusimaa": ("helsinki", "keski-uusimaa", "kymenlaakso", "paijat-hame", "vantaa-ja-kerava"),
    "kainuu": ("pohjois-karjala", "pohjois-pohjanmaa", "pohjois-savo"),
    "kanta-hame": ("keski-uusimaa", "lansi-uusimaa", "paijat-hame", "pirkanmaa", "varsinais-suomi"),
    "keski-pohjanmaa": ("etela-pohjanmaa", "keski-suomi", "pohjanmaa", "pohjois-pohjanmaa"),
    "keski-suomi": (
        "etela-pohjanmaa",
        "etela-savo",
        "keski-pohjanmaa",
        "paijat-hame",
        "pirkanmaa",
        "pohjois-pohjanmaa",
        "pohjois-savo",
    ),
    "keski-uusimaa": (
        "ita-uusimaa",
        "kanta-hame",
        "lansi-uusimaa",
        "paijat-hame",
        "vantaa-ja-kerava",
    ),
    "kymenlaakso": ("etela-karjala", "etela-savo", "ita-uusimaa", "paijat-hame"),
    "lappi": ("pohjois-pohjanmaa",),
    "lansi-uusimaa": (
        "helsinki",
        "kanta-hame",
        "keski-uusimaa",
        "vantaa-ja-kerava",
        "varsinais-suomi",
    ),
    "paijat-hame": (
        "etela-savo",
        "ita-uusimaa",
        "kanta-hame",
        "keski-suomi",
        "keski-uusimaa",
        "kymenlaakso",
        "pirkanmaa",
    ),
    "pirkanmaa": (
        "etela-pohjanmaa",
        "kanta-hame",
        "keski-suomi",
        "paijat-hame",
        "satakunta",
        "varsinais-suomi",
    ),
    "pohjanmaa": ("etela-pohjanmaa", "keski-pohjanmaa", "satakunta"),
    "pohjois-karjala": ("etela-karjala", "etela-savo", "kainuu", "pohjois-savo"),
    "pohjois-pohjanmaa": ("kainuu", "keski-pohjanmaa", "keski-suomi", "lappi", "pohjois-savo"),
    "pohjois-savo": ("etela-savo", "kainuu", "keski-suomi", "pohjois-karjala", "pohjois-pohjanmaa"),
    "satakunta": ("etela-pohjanmaa", "pirkanmaa", "pohjanmaa", "varsinais-suomi"),
    "vantaa-ja-kerava": ("helsinki", "ita-uusimaa", "keski-uusimaa", "lansi-uusimaa"),
    "varsinais-suomi": ("kanta-hame", "lansi-uusimaa", "pirkanmaa", "satakunta"),
}


def neighbours(county: str) -> tuple[str, ...]:
    """The counties bordering this one (none for a county the table does not know)."""
    return NEIGHBOURS.get(county, ())


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
