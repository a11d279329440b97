"""Choosing between models: which were asked for, which can be shown, and how they differ."""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import OperatingModel, is_slug

MAX_COMPARED = 4


@dataclass
class Selection:
    models: list
    messages: list[str] = field(default_factory=list)


def parse_slugs(values: list[str]) -> list[str]:
    """`?models=a,b&models=c` → ["a", "b", "c"]: both the shareable and the checkbox forms."""
    return [slug.strip() for value in values for slug in value.split(",") if slug.strip()]


def select_models(requested: list[str]) -> Selection:
    messages = []
    unique = list(dict.fromkeys(requested))
    if len(unique) < len(requested):
        messages.append(_("A model was asked for more than once; it is shown once."))
    if len(unique) > MAX_COMPARED:
        messages.append(
            _("At most %(max)s models can be compared; the first %(max)s are shown.")
            % {"max": MAX_COMPARED}
        )
    found = {
        model.slug: model
        for model in OperatingModel.objects.published()
        .for_detail()
        .filter(slug__in=[slug for slug in unique if is_slug(slug)])
    }
    # Drafts count as unknown: readers are not told that they exist.
    unknown = [slug for slug in unique if slug not in found]
    if unknown:
        messages.append(
            ngettext(
                "No published operating model has the address “%(slugs)s”.",
                "No published operating models have the addresses “%(slugs)s”.",
                len(unknown),
            )
            % {"slugs": "”, “".join(slug[:80] for slug in unknown[:10])}
        )
    models = [found[slug] for slug in unique if slug in found][:MAX_COMPARED]
    if len(models) < 2:
        messages.append(_("Choose at least two operating models to compare them."))
    return Selection(models, messages)


def _names(items):
    return ", ".join(str(item) for item in items)


ASPECTS = [
    ("implementer", lambda m: m.implementer_text),
    ("area", lambda m: f"{m.area_text} ({_names(c.name for c in m.counties.all())})"),
    ("work", lambda m: m.work_target_group_text),
    ("benefit", lambda m: m.benefit_target_group_text),
    ("theme", lambda m: m.theme),
    ("goals", lambda m: m.goals),
    ("steps", lambda m: "\n".join(s.text for s in m.steps.all())),
    ("materials", lambda m: _names(x.get_kind_display() for x in m.materials.all())),
    ("challenges", lambda m: m.challenges_and_solutions),
    ("results", lambda m: m.results),
    ("evidence", lambda m: m.get_evidence_status_display()),
]


def differing_aspects(models) -> set[str]:
    return {name for name, value in ASPECTS if len({value(m) for m in models}) > 1}


CHECKBOX = re.compile(r'name="models" value="(?P<slug>[-\w]+)">')


def mark_chosen(html: str, chosen: list[str]) -> str:
    """The list page with the reader's own models ticked for comparison (includes/model_card.html).
    The page is cached for every reader, so the reader's ticks go in after."""
    chosen = set(parse_slugs(chosen))
    if not chosen:
        return html

    def ticked(match):
        return f"{match[0][:-1]} checked>" if match["slug"] in chosen else match[0]

    return CHECKBOX.sub(ticked, html)
