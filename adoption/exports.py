"""Taking it into use and where a model is used now, as the downloads and JSON-LD give them."""

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Aspect, ReportPart, SourceKind
from .places import approved, taking_into_use, uses


def source_text(fact) -> str:
    """Where a fact comes from, in words (the page's wording)."""
    if fact.source == SourceKind.REPORT:
        where = _("the report (THL, Ohjaus 20/2023)")
        if fact.report_part == ReportPart.TABLE_2:
            return f"{where}, {_('table 2')}"
        if fact.report_part == ReportPart.REFLECTIONS:
            return f"{where}, {_('chapter 6, reflections')}"
        part = f"{where}, {ReportPart(fact.report_part).label}"
        return f"{part} {_('step %(step)s') % {'step': fact.step}}" if fact.step else part
    if fact.source == SourceKind.INNOKYLA:
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


def _aspect_column(aspect, label):
    def value(model):
        entry = next(entry for entry in taking_into_use(model) if entry.aspect == aspect)
        return fact_text(entry.fact)

    return (label, value)


#: The columns the CSV downloads add (models_catalog.exports), after the model's own.
CSV_COLUMNS = [
    *(_aspect_column(aspect, label) for aspect, label in Aspect.choices),
    (
        gettext_lazy("where it is used now"),
        lambda model: "; ".join(use_text(use) for use in uses(model)),
    ),
]


def areas_served(operating_model) -> list[dict]:
    """schema.org areaServed: the counties where it was developed, then the municipalities
    where it is used now (Finnish names)."""
    areas = [
        {"@type": "AdministrativeArea", "name": county.official_name_fi}
        for county in operating_model.counties.all()
    ]
    for adoption in approved(operating_model):
        area = {"@type": "City", "name": adoption.municipality.name_fi}
        if area not in areas:
            areas.append(area)
    return areas
