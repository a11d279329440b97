"""The list page's filters: facets that combine (OR within a facet, AND across), search, sort."""

from dataclasses import dataclass

import django_filters
from django import forms
from django.db import connections
from django.db.models.functions import Coalesce
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .models import (
    FACET_RELATIONS,
    ChallengeTag,
    Material,
    MaterialKind,
    Municipality,
    OperatingModel,
    Organisation,
    TargetGroup,
    WellbeingCounty,
)
from .search import MAX_QUERY_LENGTH, has_any_facet_key


class FacetFilter(django_filters.MultipleChoiceFilter):
    """Models related to any of the chosen options; the choices are the facet's vocabulary."""

    def __init__(self, *args, facet: str, lookup: str, **kwargs):
        self.facet, self.lookup = facet, lookup
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        super().__init__(*args, field_name=lookup, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        if connections[qs.db].vendor == "postgresql":
            # Facet keys are lexemes of the search vector: filters and search are one index scan.
            return qs.filter(has_any_facet_key([f"{self.facet}:{item}" for item in value]))
        # A subquery rather than a join, so a model matching two options is listed once; on the
        # link table alone, so the database can hash it instead of probing it model by model.
        relation, _, field = self.lookup.partition("__")
        if relation == "materials":
            linked = Material.objects.filter(**{f"{field}__in": value}).values("operating_model")
        else:
            link = OperatingModel._meta.get_field(relation)
            through = link.remote_field.through
            target = link.m2m_reverse_field_name()
            linked = through.objects.filter(**{f"{target}__{field}__in": value}).values(
                link.m2m_field_name()
            )
        return qs.filter(pk__in=linked)


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
    order_by = {
        NUMBER: ["number"],
        UPDATED: ["-updated_at", "number"],
        RELEVANCE: ["-search_rank", "number"],
    }


def _translated_names(queryset):
    """(slug, name, language): the reader's language where translated, else Finnish."""
    language = get_language()
    rows = queryset.values_list("slug", "name", f"name_{language}")
    return [(slug, name, language if own else "fi") for slug, name, own in rows]


def _set_name(facet: str | None) -> str:
    return f"matching_{facet}" if facet else "matching"


def _key_count_sql(matching: str, facets: list[str]) -> str:
    """PostgreSQL: (facet, option, models) for these facets among the models in `matching`,
    from each model's facet keys ("county:pirkanmaa"), which name an option once per model."""
    names = ", ".join(f"'{facet}'" for facet in facets)  # from OperatingModelFilter.FACETS
    return (
        "SELECT split_part(key, ':', 1), substr(key, strpos(key, ':') + 1), COUNT(*) "
        f'FROM {matching}, jsonb_array_elements_text({matching}."search_entry__facet_keys") AS key '
        f"WHERE split_part(key, ':', 1) IN ({names}) GROUP BY key"
    )


def _count_sql(facet: str, matching: str) -> str:
    """Options of `facet` with their number of models among those in `matching`."""
    if facet == "material":
        table = Material._meta.db_table
        return (
            f"SELECT 'material', kind, COUNT(DISTINCT operating_model_id) FROM {table} "
            f"JOIN {matching} ON {matching}.pk = operating_model_id GROUP BY kind"
        )
    relation = OperatingModel._meta.get_field(FACET_RELATIONS[facet])
    through = relation.remote_field.through._meta
    own = through.get_field(relation.m2m_field_name()).column
    option = through.get_field(relation.m2m_reverse_field_name()).column
    vocabulary = relation.related_model._meta.db_table
    return (
        f"SELECT '{facet}', v.slug, COUNT(*) FROM {through.db_table} t "
        f"JOIN {matching} ON {matching}.pk = t.{own} "
        f"JOIN {vocabulary} v ON v.id = t.{option} GROUP BY v.slug"
    )


class OperatingModelFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        max_length=MAX_QUERY_LENGTH,
        help_text=_("Words from names, goals, steps, results, organisations or projects."),
    )
    benefit = FacetFilter(
        facet="benefit",
        lookup="benefit_target_groups__slug",
        label=_("Who gets the health benefit"),
    )
    work = FacetFilter(
        facet="work", lookup="work_target_groups__slug", label=_("Who the work is done with")
    )
    county = FacetFilter(
        facet="county", lookup="counties__slug", label=_("Wellbeing services county")
    )
    municipality = FacetFilter(
        facet="municipality", lookup="municipalities__slug", label=_("Municipality")
    )
    organisation = FacetFilter(
        facet="organisation", lookup="organisations__slug", label=_("Implementing organisation")
    )
    material = FacetFilter(facet="material", lookup="materials__kind", label=_("Materials offered"))
    challenge = FacetFilter(facet="challenge", lookup="challenges__slug", label=_("Challenge met"))
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        choices=SortChoice.choices,
        method="sort_by",
        empty_label=None,
    )

    class Meta:
        model = OperatingModel
        fields = [
            "q",
            "benefit",
            "work",
            "county",
            "municipality",
            "organisation",
            "material",
            "challenge",
        ]

    FACETS = ["benefit", "work", "county", "municipality", "organisation", "material", "challenge"]

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        # The vocabularies, read once per request whatever is selected (5 queries).
        target_groups = _translated_names(TargetGroup.objects.all())
        self.vocabularies = {
            "benefit": target_groups,
            "work": target_groups,
            "county": _translated_names(WellbeingCounty.objects.all()),
            "municipality": _translated_names(Municipality.objects.all()),
            "organisation": _translated_names(Organisation.objects.all()),
            "material": [(value, label, None) for value, label in MaterialKind.choices],
            "challenge": _translated_names(ChallengeTag.objects.all()),
        }
        for name, vocabulary in self.vocabularies.items():
            self.filters[name].extra["choices"] = [(value, label) for value, label, _ in vocabulary]

    @property
    def searching(self) -> bool:
        return bool(self.is_bound and self.form.is_valid() and self.form.cleaned_data.get("q"))

    def filter_search(self, queryset, name, value):
        return queryset.search(value)

    def sort_by(self, queryset, name, value):
        if value == SortChoice.RELEVANCE and not self.searching:
            value = SortChoice.NUMBER
        if value == SortChoice.NAME:
            # The name the reader sees: theirs where translated, else the Finnish one.
            shown_name = Coalesce(f"name_{get_language()}", "name_fi")
            return queryset.order_by(shown_name, "number")
        return queryset.order_by(*SortChoice.order_by[value])

    def filter_queryset(self, queryset, exclude=()):
        cleaned = self.form.cleaned_data
        if not cleaned.get("sort"):
            # Default order: by relevance while searching, else by the report's numbering.
            default = SortChoice.RELEVANCE if cleaned.get("q") else SortChoice.NUMBER
            cleaned = {**cleaned, "sort": default}
        for name, value in cleaned.items():
            if name not in exclude:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def facets(self) -> list[Facet]:
        """Each facet's options with the number of models each would give with the other
        filters applied; options that would give none are left out unless selected."""
        self.errors  # noqa: B018 (validates the form, so cleaned_data exists)
        counts = self.facet_counts()
        facets = []
        for name in self.FACETS:
            selected = set(self.form.cleaned_data.get(name) or ())
            options = [
                FacetOption(
                    str(value), str(label), counts[name].get(value, 0), value in selected, lang
                )
                for value, label, lang in self.vocabularies[name]
                if counts[name].get(value) or value in selected
            ]
            errors = self.form.errors.get(name, [])
            facets.append(Facet(name, str(self.filters[name].label), options, errors))
        return facets

    def facet_counts(self) -> dict[str, dict[str, int]]:
        """{facet: {value: models}} for every facet, in one query.

        A facet's counts apply every filter but its own. The facets nobody has chosen from
        therefore share one set of matching models; each chosen facet has its own. Each set is
        a common table expression, counted per option from the models' own facet keys
        (PostgreSQL) or over the link tables (SQLite); either names a (model, option) pair once,
        so COUNT(*) counts models.
        """
        self.errors  # noqa: B018 (validates the form, so cleaned_data exists)
        base = self.queryset.order_by()
        chosen = [name for name in self.FACETS if self.form.cleaned_data.get(name)]
        sets = {None: self.filter_queryset(base, exclude={"sort"})}
        sets.update({name: self.filter_queryset(base, exclude={name, "sort"}) for name in chosen})
        postgresql = connections[base.db].vendor == "postgresql"
        columns = ["pk", "search_entry__facet_keys"] if postgresql else ["pk"]
        ctes, params = [], []
        for key, queryset in sets.items():
            sql, set_params = queryset.values(*columns).query.sql_with_params()
            ctes.append(f"{_set_name(key)} AS ({sql})")
            params += set_params
        if postgresql:
            counts_sql = [_key_count_sql(_set_name(name), [name]) for name in chosen]
            others = [name for name in self.FACETS if name not in chosen]
            counts_sql.append(_key_count_sql(_set_name(None), others))
        else:
            counts_sql = [
                *(_count_sql(name, _set_name(name)) for name in chosen),
                *(_count_sql(name, _set_name(None)) for name in self.FACETS if name not in chosen),
            ]
        # And the number of results, so the paginator need not count them again.
        counts_sql.append(f"SELECT '', '', COUNT(*) FROM {_set_name(None)}")
        sql = f"WITH {', '.join(ctes)} {' UNION ALL '.join(counts_sql)}"
        counts = {name: {} for name in ["", *self.FACETS]}
        with connections[base.db].cursor() as cursor:
            cursor.execute(sql, params)
            for name, value, count in cursor.fetchall():
                counts[name][value] = count
        self.total = counts.pop("")[""]
        return counts

    def chips(self) -> list[Chip]:
        """The active filters, each with the query string that removes it."""
        self.errors  # noqa: B018
        chips = []
        cleaned = self.form.cleaned_data
        if cleaned.get("q"):
            chips.append(Chip(f"“{cleaned['q']}”", str(_("Search")), self._query_without("q")))
        for name in self.FACETS:
            labels = {value: (label, lang) for value, label, lang in self.vocabularies[name]}
            for value in cleaned.get(name) or ():
                label, lang = labels[value]
                chips.append(
                    Chip(
                        str(label),
                        str(self.filters[name].label),
                        self._query_without(name, value),
                        lang,
                    )
                )
        return chips

    def _query_without(self, name, value=None) -> str:
        data = self.data.copy()
        data.pop("page", None)
        if value is None:
            data.pop(name, None)
        else:
            data.setlist(name, [item for item in data.getlist(name) if item != value])
        return data.urlencode()
