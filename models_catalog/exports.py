"""Downloads of operating models for spreadsheets: the admin's and the public list's, as CSV
for programs and as XLSX for people (Excel with Finnish settings splits a CSV at ";")."""

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from hygiene import spreadsheet_row, xml_safe

from . import streaming
from .adoption import fact_text, taking_into_use, use_text, uses
from .models import Aspect
from .streaming import DownloadResponse

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Column:
    title: str
    value: Callable
    width: int = 20  # characters, for the XLSX
    link: bool = False  # the value is an address: a hyperlink in the XLSX


def _aspect_value(aspect):
    def value(model):
        entry = next(entry for entry in taking_into_use(model) if entry.aspect == aspect)
        return fact_text(entry.fact)

    return value


COLUMNS = [
    Column(_("number"), lambda m: m.number, 8),
    Column(_("name"), lambda m: m.name, 30),
    Column(_("theme"), lambda m: m.theme, 50),
    Column(_("implementer"), lambda m: m.implementer_text, 30),
    Column(_("area"), lambda m: m.area_text, 25),
    Column(_("project"), lambda m: m.project.name, 30),
    Column(_("organisations"), lambda m: "; ".join(o.name for o in m.organisations.all()), 30),
    Column(
        _("wellbeing services counties"),
        lambda m: "; ".join(c.name for c in m.counties.all()),
        25,
    ),
    Column(_("municipalities"), lambda m: "; ".join(c.name for c in m.municipalities.all()), 25),
    Column(_("target group of the work"), lambda m: m.work_target_group_text, 30),
    Column(
        _("target groups of the work"),
        lambda m: "; ".join(g.name for g in m.work_target_groups.all()),
        30,
    ),
    Column(
        _("target group that gets the health benefit"), lambda m: m.benefit_target_group_text, 30
    ),
    Column(
        _("target groups that get the health benefit"),
        lambda m: "; ".join(g.name for g in m.benefit_target_groups.all()),
        30,
    ),
    Column(_("goals"), lambda m: m.goals, 60),
    Column(_("steps"), lambda m: "; ".join(f"{s.number}. {s.text}" for s in m.steps.all()), 60),
    Column(
        _("materials"), lambda m: "; ".join(f"{x.title} <{x.url}>" for x in m.materials.all()), 50
    ),
    Column(_("challenges and solutions"), lambda m: m.challenges_and_solutions, 60),
    Column(_("results"), lambda m: m.results, 60),
    Column(_("evidence status"), lambda m: m.get_evidence_status_display(), 25),
    Column(_("Innokylä link"), lambda m: m.innokyla_url, 40, link=True),
    Column(_("last updated"), lambda m: timezone.localtime(m.updated_at).isoformat(), 25),
    # Taking it into use, aspect by aspect, and where it is used now.
    *(Column(label, _aspect_value(aspect), 40) for aspect, label in Aspect.choices),
    Column(
        _("where it is used now"),
        lambda m: "; ".join(use_text(use) for use in uses(m)),
        40,
    ),
]

PUBLISHED_COLUMN = Column(_("published"), lambda m: _("yes") if m.is_published else _("no"), 10)


def operating_models_csv(queryset, with_published=False) -> DownloadResponse:
    """One row per model, list fields joined with "; ", UTF-8 with BOM, comma-separated
    (RFC 4180, for programs); streamed.

    Expects `queryset.for_export()`, in the order the rows should have."""
    columns = list(COLUMNS)
    if with_published:
        columns.insert(2, PUBLISHED_COLUMN)
    language = translation.get_language()
    writer = csv.writer(_Line())

    def lines():
        with translation.override(language):  # the stream outlives the view
            yield "\ufeff" + writer.writerow(spreadsheet_row(column.title for column in columns))
            for model in streaming.each(queryset):
                # Editors' text may start with "=" or "-": a spreadsheet must show it, not run it.
                yield writer.writerow(spreadsheet_row(column.value(model) for column in columns))

    response = DownloadResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="toimintamallit.csv"'
    return response


def operating_models_xlsx(queryset) -> HttpResponse:
    """The list's models as an Excel workbook: expects `queryset.for_export()`, in order."""
    return xlsx_response(
        COLUMNS, streaming.each(queryset), _("Operating models"), filename="toimintamallit.xlsx"
    )


def xlsx_response(columns, rows, sheet_title, filename) -> HttpResponse:
    """One sheet, a row per item: the header row bold and frozen, addresses as hyperlinks,
    every cell text or a number (never a formula) without control characters.

    A ZIP cannot be sent before it is whole; openpyxl's write-only mode keeps the rows in a
    temporary file instead of in memory as it goes."""
    workbook = Workbook(write_only=True)
    workbook.properties.title = xml_safe(sheet_title)
    workbook.properties.creator = workbook.properties.lastModifiedBy = str(
        _("MITO operating models")
    )
    workbook.properties.language = translation.get_language()
    sheet = workbook.create_sheet(xml_safe(sheet_title)[:31])
    sheet.freeze_panes = "A2"
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    bold = Font(bold=True)
    header = []
    for column in columns:
        cell = _text_cell(sheet, str(column.title))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    wrapped = Alignment(wrap_text=True, vertical="top")
    link_font = Font(color="0563C1", underline="single")
    for row in rows:
        cells = []
        for column in columns:
            value = column.value(row)
            if isinstance(value, int) and not isinstance(value, bool):
                cell = WriteOnlyCell(sheet, value=value)
            else:
                cell = _text_cell(sheet, value)
                if column.link and cell.value:
                    cell.hyperlink = cell.value
                    cell.font = link_font
                else:
                    cell.alignment = wrapped
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _text_cell(sheet, value) -> WriteOnlyCell:
    """A cell Excel shows as the text it is: a string cell, marked as text (the quote prefix,
    as if typed with a leading ') when it starts like a formula, so that editing it in Excel
    does not turn it into one either; the CSV's leading ' would show in a workbook."""
    text = xml_safe("" if value is None else value)
    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"  # openpyxl would otherwise write "=…" as a formula
    if text.startswith(("=", "+", "-", "@")):
        cell.quotePrefix = True
    return cell


class _Line:
    """csv.writer's file: each row comes back as the string written."""

    def write(self, text: str) -> str:
        return text
