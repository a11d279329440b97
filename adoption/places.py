"""Where a model is used now: its original project's places first (the first adoptions, from the
model's own counties and municipalities, as the report names them), then the adoptions editors
approved. Read from a model fetched with_adoption() (for_export() has it), without queries."""

from dataclasses import dataclass

from .models import Adoption, AdoptionFact, Aspect


@dataclass(frozen=True)
class Use:
    #: The municipality's or county's name, in the reader's language where translated.
    place: object
    county: object
    organisation: str = ""
    #: A year, or None where no source says (the original projects' years where the project's
    #: record has them).
    since: int | None = None
    #: Until when the original project ran, where its record says.
    until: int | None = None
    original: bool = False
    contact_name: str = ""
    contact_email: str = ""


def uses(operating_model) -> list[Use]:
    """The original project's places, then the approved adoptions, each place once."""
    project = operating_model.project
    found = []
    municipalities = list(operating_model.municipalities.all())
    shown_counties = {municipality.county_id for municipality in municipalities}
    for municipality in municipalities:
        found.append(
            Use(
                municipality,
                municipality.county,
                since=project.start_year,
                until=project.end_year,
                original=True,
            )
        )
    for county in operating_model.counties.all():
        if county.pk not in shown_counties:
            found.append(
                Use(county, county, since=project.start_year, until=project.end_year, original=True)
            )
    for adoption in approved(operating_model):
        found.append(
            Use(
                adoption.municipality,
                adoption.municipality.county,
                organisation=adoption.organisation,
                since=adoption.since,
                contact_name=adoption.contact_name,
                contact_email=adoption.contact_email,
            )
        )
    return found


def approved(operating_model) -> list[Adoption]:
    return [
        adoption
        for adoption in operating_model.adoptions.all()
        if adoption.status == Adoption.Status.APPROVED
    ]


def used_county_slugs(operating_model) -> set[str]:
    """The counties where the model was developed or is used now (the "used in" facet)."""
    return {use.county.slug for use in uses(operating_model)}


@dataclass(frozen=True)
class Entry:
    aspect: str
    label: str
    fact: AdoptionFact | None


def taking_into_use(operating_model) -> list[Entry]:
    """Every aspect in the same order on every model, with what a source says or None."""
    facts = {fact.aspect: fact for fact in operating_model.adoption_facts.all()}
    return [Entry(value, label, facts.get(value)) for value, label in Aspect.choices]


@dataclass(frozen=True)
class CountyUses:
    county: object
    adoptions: list


def adoptions_by_county() -> list[CountyUses]:
    """The approved adoptions of published models, by county (the map's "used now")."""
    rows = (
        Adoption.objects.for_display()
        .filter(operating_model__is_published=True)
        .select_related("operating_model")
        .order_by("municipality__county__name", "operating_model__number", "municipality__name")
    )
    found: dict[int, CountyUses] = {}
    for adoption in rows:
        county = adoption.municipality.county
        found.setdefault(county.pk, CountyUses(county, [])).adoptions.append(adoption)
    return list(found.values())
