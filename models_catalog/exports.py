"""Downloads of operating models for spreadsheets: the admin's and the public list's."""

import csv

from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from adoption.exports import CSV_COLUMNS as ADOPTION_COLUMNS
from hygiene import spreadsheet_row

from . import streaming
from .streaming import DownloadResponse

CSV_COLUMNS = [
    (_("number"), lambda m: m.number),
    (_("name"), lambda m: m.name),
    (_("theme"), lambda m: m.theme),
    (_("implementer"), lambda m: m.implementer_text),
    (_("area"), lambda m: m.area_text),
    (_("project"), lambda m: m.project.name),
    (_("organisations"), lambda m: "; ".join(o.name for o in m.organisations.all())),
    (_("wellbeing services counties"), lambda m: "; ".join(c.name for c in m.counties.all())),
    (_("municipalities"), lambda m: "; ".join(c.name for c in m.municipalities.all())),
    (_("target group of the work"), lambda m: m.work_target_group_text),
    (
        _("target groups of the work"),
        lambda m: "; ".join(g.name for g in m.work_target_groups.all()),
    ),
    (_("target group that gets the health benefit"), lambda m: m.benefit_target_group_text),
    (
        _("target groups that get the health benefit"),
        lambda m: "; ".join(g.name for g in m.benefit_target_groups.all()),
    ),
    (_("goals"), lambda m: m.goals),
    (_("steps"), lambda m: "; ".join(f"{s.number}. {s.text}" for s in m.steps.all())),
    (_("materials"), lambda m: "; ".join(f"{x.title} <{x.url}>" for x in m.materials.all())),
    (_("challenges and solutions"), lambda m: m.challenges_and_solutions),
    (_("results"), lambda m: m.results),
    (_("evidence status"), lambda m: m.get_evidence_status_display()),
    (_("Innokylä link"), lambda m: m.innokyla_url),
    (_("last updated"), lambda m: timezone.localtime(m.updated_at).isoformat()),
    # Taking it into use, aspect by aspect, and where it is used now.
    *ADOPTION_COLUMNS,
]


PUBLISHED_COLUMN = (_("published"), lambda m: _("yes") if m.is_published else _("no"))


def operating_models_csv(queryset, with_published=False) -> DownloadResponse:
    """One row per model, list fields joined with "; ", UTF-8 with BOM for Excel; streamed.

    Expects `queryset.for_export()`, in the order the rows should have."""
    columns = list(CSV_COLUMNS)
    if with_published:
        columns.insert(2, PUBLISHED_COLUMN)
    language = translation.get_language()
    writer = csv.writer(_Line())

    def lines():
        with translation.override(language):  # the stream outlives the view
            yield "\ufeff" + writer.writerow(spreadsheet_row(title for title, _value in columns))
            for model in streaming.each(queryset):
                # Editors' text may start with "=" or "-": a spreadsheet must show it, not run it.
                yield writer.writerow(spreadsheet_row(value(model) for _title, value in columns))

    response = DownloadResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="toimintamallit.csv"'
    return response


class _Line:
    """csv.writer's file: each row comes back as the string written."""

    def write(self, text: str) -> str:
        return text
