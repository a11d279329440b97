"""Taking a model into use as its page, the map, the API and the downloads show it: what it
takes, aspect by aspect (taking_into_use), and where it is used now: its original project's
places first (the first adoptions, from the model's own counties and municipalities, as the
report names them), then the adoptions editors approved. Read from a model fetched
with_adoption() (for_export() has it), without queries."""

from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .models import Adoption, AdoptionFact, Aspect, FactSource, ReportPart


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


# The same in words, for the CSV downloads (models_catalog.exports).


def source_text(fact) -> str:
    """Where a fact comes from, in words (the page's wording)."""
    if fact.source == FactSource.REPORT:
        where = _("the report (THL, Ohjaus 20/2023)")
        if fact.report_part == ReportPart.TABLE_2:
            return f"{where}, {_('table 2')}"
        if fact.report_part == ReportPart.REFLECTIONS:
            return f"{where}, {_('chapter 6, reflections')}"
        part = f"{where}, {ReportPart(fact.report_part).label}"
        return f"{part} {_('step %(step)s') % {'step': fact.step}}" if fact.step else part
    if fact.source == FactSource.INNOKYLA:
        return f"Innokylä {fact.source_url}".strip()
    return _("an editor’s own check on %(date)s") % {
        "date": date_format(fact.checked_on, "SHORT_DATE_FORMAT")
    }


def fact_text(fact) -> str:
    if fact is None:
        return _("Not stated in the sources.")
    text = f"“{fact.text}”" if fact.quoted else fact.text
    if fact.email:
        text += f", {fact.email}"
    return f"{text} ({_('source')}: {source_text(fact)})"


def use_text(use) -> str:
    place = use.place.name
    if use.organisation:
        place += f", {use.organisation}"
    if use.original:
        place += f": {_('where it was developed (the original project)')}"
    if use.since and use.until:
        place += f", {use.since}–{use.until}"
    elif use.since:
        place += f", {_('since %(since)s') % {'since': use.since}}"
    return place
