"""The list page's filters: facets that combine (OR within a facet, AND across), search, sort."""

from dataclasses import dataclass

import django_filters
from django import forms
from django.db.models import Case, Value, When
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
    #: While searching: how many of the whole catalogue's models have the option.
    in_catalogue: int | None = None


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

    #: The form's default, first and selected when the reader has chosen nothing: a search
    #: typed into the box ranks by relevance; without one the list is in the report's order.
    DEFAULT = RELEVANCE
    choices = [
        (RELEVANCE, _("Relevance (when searching)")),
        (NUMBER, _("Number in the report")),
        (NAME, _("Name")),
        (UPDATED, _("Recently updated")),
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
        if data is not None and not data.get("sort"):
            # The select shows the default as chosen, so the browser sends it back with the
            # next search rather than the first option (the report's order).
            data = data.copy()
            data["sort"] = SortChoice.DEFAULT
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

    def ordered(self, queryset, result: search.Result, first=()):
        """In the order the reader chose: by relevance while searching unless they chose
        otherwise, else by the report's numbering; the models `first` (ids: those of the
        place the query names) before the others."""
        order = self._order(result)
        if result.mode and order == result.order_by:
            # By relevance: the models tagged with an entry the query names (a target group,
            # a kind of material …) before the others that match as many words. The editors'
            # tag is surer than a word in the text, and ranks the same on either database.
            tagged = self.tagged_models(result)
            if tagged:
                position = 1 if order[0] == "-matched_words" else 0
                labelled = Case(When(pk__in=list(tagged), then=Value(1)), default=Value(0))
                queryset = queryset.annotate(tagged=labelled)
                order = [*order[:position], "-tagged", *order[position:]]
        if first:
            here = Case(When(pk__in=list(first), then=Value(1)), default=Value(0))
            queryset, order = queryset.annotate(in_place=here), ["-in_place", *order]
        return queryset.order_by(*order)

    def _order(self, result: search.Result) -> list:
        chosen = self.cleaned().get("sort") or ""
        if chosen == SortChoice.NAME:
            # The name the reader sees: theirs where translated, else the Finnish one.
            return [Coalesce(f"name_{get_language()}", "name_fi"), "number"]
        if chosen in {SortChoice.NUMBER, SortChoice.UPDATED}:
            return SortChoice.order_by[chosen]
        if result.mode:
            return result.order_by
        return SortChoice.order_by[SortChoice.NUMBER]

    def tagged_models(self, result: search.Result):
        """The ids of the models tagged with any vocabulary entry the search names."""
        if not result.mode or not result.query.labels:
            return ()
        by_facet = {}
        for key in result.query.labels:
            facet, _sep, value = key.partition(":")
            by_facet.setdefault(facet, []).append(value)
        tagged = [search.having(result, facet, values) for facet, values in by_facet.items()]
        return tagged[0].union(*tagged[1:]) & result.found if result.found else ()

    def filter_queryset(self, queryset):
        """Everything chosen applied: search, facets and order (the API and downloads)."""
        return self.applied(self.run_search(queryset))

    def applied(self, result: search.Result):
        """The search's models with the chosen facets, in order: those of the county the
        search names first."""
        return self.ordered(self.with_facets(result.queryset), result, self.in_named_county(result))

    def named_county(self, result: search.Result) -> str | None:
        """The one county the search names (by its name, or a municipality's), unless the
        reader chose counties themselves."""
        if not result.mode or self.chosen_facets().get("county"):
            return None
        named = {key.partition(":")[2] for key in result.query.labels if key.startswith("county:")}
        return named.pop() if len(named) == 1 else None

    def in_named_county(self, result: search.Result):
        """The ids of the models of the county the search names, when it found any there."""
        county = self.named_county(result)
        if county is None:
            return ()
        models = search.having(result, "county", [county])
        return models if result.found and models & result.found else ()

    def facets(self, counts: dict[str, dict[str, int]], in_catalogue=None) -> list[Facet]:
        """Each facet's options with the number of models each would give with the other
        filters applied; options that would give none are left out unless selected.
        `in_catalogue` ({facet: {option: models}}, while searching) adds the catalogue's own
        count to each option, so a reader sees that more exists than the search found."""
        cleaned = self.cleaned()
        in_catalogue = in_catalogue or {}
        facets = []
        for name in self.FACETS:
            selected = set(cleaned.get(name) or ())
            options = [
                FacetOption(
                    str(value),
                    str(label),
                    counts[name].get(value, 0),
                    value in selected,
                    lang,
                    in_catalogue[name].get(value, 0) if name in in_catalogue else None,
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
        if cleaned.get("sort") and cleaned["sort"] != SortChoice.DEFAULT:
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
