"""What of the catalogue search reads, handed to it through search's small interface: each
operating model as a search.documents.Document (its texts by weight, its facet keys), and the
gazetteer's rows (every municipality's names with its county's). Search never imports the
catalogue; the catalogue calls search."""

from django.conf import settings
from django.db.models import CharField, Value
from django.utils.translation import override

from search.documents import Document

from .adoption import used_county_slugs
from .models import (
    FACET_RELATIONS,
    ChallengeTag,
    MaterialKind,
    Municipality,
    OperatingModel,
    TargetGroup,
    WellbeingCounty,
)

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def versions(obj, field: str):
    """(text, language) for every language version of a field that has text; a field with
    no translations counts as Finnish."""
    if not hasattr(obj, f"{field}_{LANGUAGE_CODES[0]}"):
        value = getattr(obj, field)
        return [(str(value), LANGUAGE_CODES[0])] if value else []
    return [
        (value, code) for code in LANGUAGE_CODES if (value := getattr(obj, f"{field}_{code}", ""))
    ]


def weighted_texts(operating_model) -> dict[str, list[tuple[str, str]]]:
    """The model's texts by weight, as (text, language). Expects prefetched relations."""
    model = operating_model
    groups = {*model.work_target_groups.all(), *model.benefit_target_groups.all()}
    by_number = sorted(groups, key=lambda group: group.pk)
    return {
        "A": [*versions(model, "name"), *versions(model, "theme")],
        "B": [
            *(
                version
                for field in (
                    "target_group_text",
                    "work_target_group_text",
                    "benefit_target_group_text",
                    "goals",
                )
                for version in versions(model, field)
            ),
            *(
                v
                for group in by_number
                for f in ("name", "description")
                for v in versions(group, f)
            ),
        ],
        "C": [
            *versions(model, "challenges_and_solutions"),
            *versions(model, "results"),
            *(
                version
                for material in model.materials.all()
                for version in versions(material, "title")
            ),
            *(version for tag in model.challenges.all() for version in versions(tag, "name")),
            *(version for org in model.organisations.all() for version in versions(org, "name")),
            *(
                (organisation.abbreviation, "fi")
                for organisation in model.organisations.all()
                if organisation.abbreviation
            ),
            *(version for county in model.counties.all() for version in versions(county, "name")),
            *(
                version
                for place in model.municipalities.all()
                for version in versions(place, "name")
            ),
            *versions(model.project, "name"),
            *versions(model.project, "implementer_text"),
            *versions(model, "implementer_text"),
            *versions(model, "area_text"),
        ],
        "D": [version for step in model.steps.all() for version in versions(step, "text")],
    }


def facet_keys(operating_model) -> list[str]:
    """ "facet:value" for every option of the list page's facets this model has."""
    keys = {f"material:{material.kind}" for material in operating_model.materials.all()}
    for facet, relation in FACET_RELATIONS.items():
        keys.update(f"{facet}:{item.slug}" for item in getattr(operating_model, relation).all())
    keys.update(f"used:{slug}" for slug in used_county_slugs(operating_model))
    return sorted(keys)


#: The facets whose options are a vocabulary a reader may name in words ("rehtorit",
#: "äldre", "videos"): the models tagged with an option are indexed with it (search's
#: label terms), and the thesaurus links everyday words to the options' labels.
VOCABULARY_FACETS = {"benefit", "work", "county", "challenge", "material"}


def document(operating_model) -> Document:
    """What search indexes of a model (with the relations for_indexing() prefetches)."""
    keys = facet_keys(operating_model)
    labels = [key for key in keys if key.partition(":")[0] in VOCABULARY_FACETS]
    return Document(operating_model.pk, weighted_texts(operating_model), keys, labels)


def vocabulary(using: str) -> tuple:
    """Every entry of the vocabularies a query may name: ((its labels in every language…),
    (the facet keys of the models tagged with it…)). Read on every search (one narrow query;
    search analyses them again only when they change)."""
    names = [f"name_{code}" for code in LANGUAGE_CODES]
    tables = [
        (TargetGroup, ("benefit", "work")),
        (WellbeingCounty, ("county",)),
        (ChallengeTag, ("challenge",)),
    ]
    facets = {str(number): facet_names for number, (_model, facet_names) in enumerate(tables)}
    rows = [
        model.objects.using(using)
        .annotate(table=Value(str(number), output_field=CharField()))
        .values_list("table", "pk", "slug", *names)
        .order_by()
        for number, (model, _facets) in enumerate(tables)
    ]
    read = rows[0].union(*rows[1:], all=True).order_by("table", "pk")
    entries = [
        (tuple(filter(None, labels)), tuple(f"{facet}:{slug}" for facet in facets[table]))
        for table, _pk, slug, *labels in read
    ]
    for value, label in MaterialKind.choices:
        labels = []
        for code in LANGUAGE_CODES:
            with override(code):
                labels.append(str(label))
        entries.append((tuple(dict.fromkeys(labels)), (f"material:{value}",)))
    return tuple(entries)


def documents(using: str, pks) -> list[Document]:
    """The documents of these models, read in a fixed number of queries."""
    with override(settings.LANGUAGE_CODE):  # relations in one order, whoever asks
        models = OperatingModel.objects.using(using).filter(pk__in=pks).for_indexing()
        return [document(model) for model in models]


def places(using: str) -> tuple:
    """Every municipality's names with its county's, as they are now (one narrow query, read
    on every search; search analyses them again only when they change)."""
    names = [f"name_{code}" for code in LANGUAGE_CODES]
    return tuple(
        (tuple(filter(None, row[: len(names)])), tuple(filter(None, row[len(names) :])))
        for row in Municipality.objects.using(using)
        .order_by("pk")
        .values_list(*names, *(f"county__{name}" for name in names))
    )
