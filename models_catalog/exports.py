"""Downloads of operating models for spreadsheets: the admin's and the public list's.

Each model's row is kept ready in every language (ExportRow), written with its search entry
whenever the model or anything it shows changes (derived.py): a download of any size, in any
order, reads one row per model in one statement, holding one row at a time.
"""

import csv
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from mito.hygiene import spreadsheet_row

from .models import EvidenceStatus, ExportRow, OperatingModel
from .streaming import CHUNK_SIZE, DownloadResponse

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
WRITE_BATCH = 500


@dataclass(frozen=True)
class Column:
    title: str
    #: What is stored: of a model with its relations, in the language being written.
    value: Callable
    #: What a download shows of the stored value, in the reader's language (labels of choices
    #: follow the current translations, not those of when the row was written).
    shown: Callable = str


CSV_COLUMNS = [
    Column(_("number"), lambda m: m.number),
    Column(_("name"), lambda m: m.name),
    Column(_("theme"), lambda m: m.theme),
    Column(_("implementer"), lambda m: m.implementer_text),
    Column(_("area"), lambda m: m.area_text),
    Column(_("project"), lambda m: m.project.name),
    Column(_("organisations"), lambda m: "; ".join(o.name for o in m.organisations.all())),
    Column(_("wellbeing services counties"), lambda m: "; ".join(c.name for c in m.counties.all())),
    Column(_("municipalities"), lambda m: "; ".join(c.name for c in m.municipalities.all())),
    Column(_("target group of the work"), lambda m: m.work_target_group_text),
    Column(
        _("target groups of the work"),
        lambda m: "; ".join(g.name for g in m.work_target_groups.all()),
    ),
    Column(_("target group that gets the health benefit"), lambda m: m.benefit_target_group_text),
    Column(
        _("target groups that get the health benefit"),
        lambda m: "; ".join(g.name for g in m.benefit_target_groups.all()),
    ),
    Column(_("goals"), lambda m: m.goals),
    Column(_("steps"), lambda m: "; ".join(f"{s.number}. {s.text}" for s in m.steps.all())),
    Column(_("materials"), lambda m: "; ".join(f"{x.title} <{x.url}>" for x in m.materials.all())),
    Column(_("challenges and solutions"), lambda m: m.challenges_and_solutions),
    Column(_("results"), lambda m: m.results),
    Column(
        _("evidence status"),
        lambda m: m.evidence_status,
        lambda code: dict(EvidenceStatus.choices).get(code, code),
    ),
    Column(_("Innokylä link"), lambda m: m.innokyla_url),
    Column(_("last updated"), lambda m: timezone.localtime(m.updated_at).isoformat()),
]
#: The admin's download only: drafts are in it. Read from the model's own row.
PUBLISHED_TITLE = _("published")
PUBLISHED_POSITION = 2


def write_rows(using: str, operating_models) -> None:
    """Write these models' rows (their relations prefetched, as `for_export()` does)."""
    rows = [
        ExportRow(operating_model_id=model.pk, cells=_cells(model)) for model in operating_models
    ]
    ExportRow.objects.using(using).bulk_create(
        rows,
        batch_size=WRITE_BATCH,
        update_conflicts=True,
        unique_fields=["operating_model"],
        update_fields=["cells"],
    )


def write_missing(using: str) -> int:
    """Write the rows of the models that have none (after migrating); how many."""
    models = OperatingModel.objects.using(using)
    missing = list(models.filter(export_row__isnull=True).values_list("pk", flat=True))
    for start in range(0, len(missing), WRITE_BATCH):
        write_rows(using, _for_writing(models.filter(pk__in=missing[start : start + WRITE_BATCH])))
    return len(missing)


def _for_writing(queryset) -> list:
    # Read in Finnish, so that every language's row lists a model's relations in one order.
    with translation.override(settings.LANGUAGE_CODE):
        return list(queryset.for_export())


def _cells(model) -> dict[str, list]:
    cells = {}
    for code in LANGUAGE_CODES:
        with translation.override(code):
            cells[code] = [column.value(model) for column in CSV_COLUMNS]
    return cells


def operating_models_csv(queryset, with_published=False) -> DownloadResponse:
    """One row per model of `queryset`, in its order, in the reader's language: list fields
    joined with "; ", UTF-8 with BOM for Excel; streamed."""
    language = translation.get_language()
    if language not in LANGUAGE_CODES:
        language = settings.LANGUAGE_CODE
    rows = queryset.with_csv_row(language)
    titles = [column.title for column in CSV_COLUMNS]
    if with_published:
        titles.insert(PUBLISHED_POSITION, PUBLISHED_TITLE)
    writer = csv.writer(_Line())

    def cells(model) -> list:
        stored = model.csv_cells
        if stored is None or len(stored) != len(CSV_COLUMNS):
            # Written without the signals, or by code with other columns: made now.
            one = OperatingModel.objects.using(rows.db).filter(pk=model.pk)
            stored = _cells(_for_writing(one)[0])[language]
        shown = [column.shown(value) for column, value in zip(CSV_COLUMNS, stored, strict=True)]
        if with_published:
            shown.insert(PUBLISHED_POSITION, _("yes") if model.is_published else _("no"))
        return shown

    def lines():
        with translation.override(language):  # the stream outlives the view
            yield "\ufeff" + writer.writerow(spreadsheet_row(titles))
            for model in rows.iterator(chunk_size=CHUNK_SIZE):
                # Editors' text may start with "=" or "-": a spreadsheet must show it, not run it.
                yield writer.writerow(spreadsheet_row(cells(model)))

    response = DownloadResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="toimintamallit.csv"'
    return response


class _Line:
    """csv.writer's file: each row comes back as the string written."""

    def write(self, text: str) -> str:
        return text
