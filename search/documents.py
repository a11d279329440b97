"""What of an operating model search reads: its texts in every language, weighted by where
they stand, and its facet keys."""

from django.conf import settings

from models_catalog.models import FACET_RELATIONS

from .analysis import terms_of_texts

#: Weights, highest first: a hit in the name or theme ranks above one deep in a step.
WEIGHTS = ("A", "B", "C", "D")
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


def weighted_terms(operating_model) -> dict[str, str]:
    """Each weight's index terms as one space-separated text."""
    return {
        weight: " ".join(terms_of_texts(texts))
        for weight, texts in weighted_texts(operating_model).items()
    }


def written_words(operating_model) -> set[str]:
    """Every word as written in the model's texts (for suggesting corrections of typos)."""
    from .analysis import words

    return {
        word
        for texts in weighted_texts(operating_model).values()
        for text, _language in texts
        for word in words(text)
    }


def facet_keys(operating_model) -> list[str]:
    """ "facet:value" for every option of the list page's facets this model has."""
    keys = {f"material:{material.kind}" for material in operating_model.materials.all()}
    for facet, relation in FACET_RELATIONS.items():
        keys.update(f"{facet}:{item.slug}" for item in getattr(operating_model, relation).all())
    return sorted(keys)
