"""What of the catalogue search reads, handed to it through search's small interface: each
operating model as a search.documents.Document (its texts by weight, its facet keys), and the
gazetteer's rows (every municipality's names with its county's). Search never imports the
catalogue; the catalogue calls search."""

from django.conf import settings
from django.utils.translation import override

from adoption.places import used_county_slugs
from search.documents import Document

from .models import FACET_RELATIONS, Municipality, OperatingModel

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


def document(operating_model) -> Document:
    """What search indexes of a model (with the relations for_indexing() prefetches)."""
    return Document(
        operating_model.pk, weighted_texts(operating_model), facet_keys(operating_model)
    )


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
