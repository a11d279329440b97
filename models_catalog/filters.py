"""The list page's filters: facets that combine (OR within a facet, AND across), search, sort."""

from dataclasses import dataclass

import django_filters
from django import forms
from django.db.models.functions import Coalesce
from django.http import QueryDict
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from search import engine as search

from . import facets as facet_links
from .models import (
    FACET_RELATIONS,
    ChallengeTag,
    MaterialKind,
    Municipality,
    OperatingModel,
    Organisation,
    TargetGroup,
    WellbeingCounty,
)


class FacetFilter(django_filters.MultipleChoiceFilter):
    """Models related to any of the chosen options; the choices are the facet's vocabulary."""

    def __init__(self, *args, facet: str, **kwargs):
        self.facet = facet
        # The field it stands for (the schema's type comes from it); filtering is search's.
        relation = FACET_RELATIONS.get(facet)
        kwargs.setdefault("field_name", f"{relation}__slug" if relation else "materials__kind")
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        kwargs.setdefault(
            "error_messages",
            {"invalid_choice": _("An option that does not exist was left out.")},
        )
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        return search.filter_facet(qs, self.facet, value, facet_links.linked(self.facet, value))


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool
    lang: str | None = None  # None: in the interface's language


@dataclass
class Facet:
    name: str
    label: str
    options: list[FacetOption]
    errors: list[str]


@dataclass
class Chip:
    label: str
    facet_label: str
    remove_query: str
    lang: str | None = None


class SortChoice:
    NUMBER = "number"
    NAME = "name"
    UPDATED = "updated"
    RELEVANCE = "relevance"

    choices = [
        (NUMBER, _("Number in the report")),
        (NAME, _("Name")),
        (UPDATED, _("Recently updated")),
        (RELEVANCE, _("Relevance (when searching)")),
    ]
    order_by = {NUMBER: ["number"], UPDATED: ["-updated_at", "number"]}


def _translated_names(queryset):
    """(slug, name, language): the reader's language where translated, else Finnish."""
    language = get_language()
    rows = queryset.values_list("slug", "name", f"name_{language}")
    return [(slug, name, language if own else "fi") for slug, name, own in rows]


class OperatingModelFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        max_length=search.MAX_QUERY_LENGTH,
        help_text=_("Words from names, goals, steps, results, organisations or projects."),
    )
    benefit = FacetFilter(
        facet="benefit",
        label=_("Who gets the health benefit"),
    )
    work = FacetFilter(facet="work", label=_("Who the work is done with"))
    county = FacetFilter(facet="county", label=_("Wellbeing services county"))
    used = FacetFilter(
        facet="used",
        label=_("Used in the county (developed there or taken into use)"),
        field_name="counties__slug",
    )
    municipality = FacetFilter(facet="municipality", label=_("Municipality"))
    organisation = FacetFilter(facet="organisation", label=_("Implementing organisation"))
    material = FacetFilter(facet="material", label=_("Materials offered"))
    challenge = FacetFilter(facet="challenge", label=_("Challenge met"))
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"), choices=SortChoice.choices, empty_label=None
    )

    class Meta:
        model = OperatingModel
        fields = [
            "q",
            "benefit",
            "work",
            "county",
            "used",
            "municipality",
            "organisation",
            "material",
            "challenge",
        ]

    FACETS = [
        "benefit",
        "work",
        "county",
        "used",
        "municipality",
        "organisation",
        "material",
        "challenge",
    ]

    VOCABULARIES = {
        "benefit": TargetGroup,
        "work": TargetGroup,
        "county": WellbeingCounty,
        "used": WellbeingCounty,
        "municipality": Municipality,
        "organisation": Organisation,
        "challenge": ChallengeTag,
    }

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        self._vocabularies = {}
        for name in self.FACETS:
            # Read when a value of the facet is validated or its options shown, not before:
            # the API's unfiltered list reads none.
            # A function, not a partial: the form deep-copies its fields, and functions are
            # not copied (a partial would copy the filter set and its request).
            self.filters[name].extra["choices"] = lambda name=name: self._choices(name)

    def vocabulary(self, name: str) -> list[tuple[str, str, str | None]]:
        """(value, label, language of the label or None for the interface's) of a facet."""
        if name == "material":
            return [(value, label, None) for value, label in MaterialKind.choices]
        model = self.VOCABULARIES[name]
        if model not in self._vocabularies:
            self._vocabularies[model] = _translated_names(model.objects.all())
        return self._vocabularies[model]

    def _choices(self, name: str) -> list[tuple[str, str]]:
        return [(value, label) for value, label, _lang in self.vocabulary(name)]

    def cleaned(self) -> dict:
        """The valid filter values; invalid ones are left out (and shown as errors)."""
        self.form.is_valid()
        return self.form.cleaned_data

    def run_search(self, queryset) -> search.Result:
        return search.search(queryset, self.cleaned().get("q") or "")

    def with_facets(self, queryset):
        """The models matching every chosen facet."""
        for name, values in self.chosen_facets().items():
            queryset = self.filters[name].filter(queryset, values)
        return queryset

    def ordered(self, queryset, result: search.Result):
        """In the order the reader chose: by relevance while searching unless they chose
        otherwise, else by the report's numbering."""
        chosen = self.cleaned().get("sort") or ""
        if chosen == SortChoice.NAME:
            # The name the reader sees: theirs where translated, else the Finnish one.
            return queryset.order_by(Coalesce(f"name_{get_language()}", "name_fi"), "number")
        if chosen in {SortChoice.NUMBER, SortChoice.UPDATED}:
            return queryset.order_by(*SortChoice.order_by[chosen])
        if result.mode:
            return queryset.order_by(*result.order_by)
        return queryset.order_by(*SortChoice.order_by[SortChoice.NUMBER])

    def filter_queryset(self, queryset):
        """Everything chosen applied: search, facets and order (the API and downloads)."""
        return self._applied(self.run_search(queryset))

    def _applied(self, result: search.Result):
        return self.ordered(self.with_facets(result.queryset), result)

    def facets(self, counts: dict[str, dict[str, int]]) -> list[Facet]:
        """Each facet's options with the number of models each would give with the other
        filters applied; options that would give none are left out unless selected."""
        cleaned = self.cleaned()
        facets = []
        for name in self.FACETS:
            selected = set(cleaned.get(name) or ())
            options = [
                FacetOption(
                    str(value), str(label), counts[name].get(value, 0), value in selected, lang
                )
                for value, label, lang in self.vocabulary(name)
                if counts[name].get(value) or value in selected
            ]
            errors = self.form.errors.get(name, [])
            facets.append(Facet(name, str(self.filters[name].label), options, errors))
        return facets

    def chosen_facets(self) -> dict[str, list[str]]:
        """{facet: the valid options chosen} for the facets chosen from."""
        cleaned = self.cleaned()
        return {name: cleaned[name] for name in self.FACETS if cleaned.get(name)}

    def canonical_query(self) -> QueryDict:
        """The valid values in a fixed order: what the page shows depends on nothing else,
        so equivalent URLs share one cached page and links carry no stray parameters."""
        cleaned = self.cleaned()
        query = QueryDict(mutable=True)
        if cleaned.get("q"):
            query["q"] = cleaned["q"]
        for name in self.FACETS:
            if cleaned.get(name):
                query.setlist(name, sorted(cleaned[name]))
        if cleaned.get("sort"):
            query["sort"] = cleaned["sort"]
        return query

    def chips(self, canonical: QueryDict) -> list[Chip]:
        """The active filters, each with the query string that removes it."""
        chips = []
        cleaned = self.cleaned()
        if cleaned.get("q"):
            chips.append(Chip(f"“{cleaned['q']}”", str(_("Search")), _without(canonical, "q")))
        for name in self.FACETS:
            labels = {value: (label, lang) for value, label, lang in self.vocabulary(name)}
            for value in sorted(cleaned.get(name) or ()):
                label, lang = labels[value]
                chips.append(
                    Chip(
                        str(label),
                        str(self.filters[name].label),
                        _without(canonical, name, value),
                        lang,
                    )
                )
        return chips


def _without(query: QueryDict, name: str, value=None) -> str:
    """The query string without a parameter, or without one of its values."""
    data = query.copy()
    if value is None:
        data.pop(name, None)
    else:
        data.setlist(name, [item for item in data.getlist(name) if item != value])
    return data.urlencode()
