"""The shortlist as a ready-to-paste section of a wellbeing plan (DOCX), and as CSV.

Notes come from anyone's share link and text from editors: DOCX is XML and CSV opens in
spreadsheets, so every piece goes through hygiene on its way out.
"""

import csv
import io

from django.http import HttpResponse
from django.utils.translation import gettext as _
from docx import Document

from hygiene import spreadsheet_row, xml_safe

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _groups(groups):
    return ", ".join(group.name for group in groups)


class SafeDocument:
    """python-docx's Document whose headings and paragraphs drop what XML cannot carry."""

    def __init__(self):
        self.document = Document()

    def add_heading(self, text, level):
        return self.document.add_heading(xml_safe(text), level=level)

    def add_paragraph(self, text, style=None):
        return self.document.add_paragraph(xml_safe(text), style=style)

    def save(self, stream):
        self.document.save(stream)


def shortlist_docx(entries, page_url) -> HttpResponse:
    document = SafeDocument()
    document.add_heading(_("Operating models for the wellbeing plan"), level=1)
    document.add_paragraph(
        _("Chosen from the catalogue of MITO operating models (THL, Ohjaus 20/2023).")
    )
    for model, note in entries:
        document.add_heading(model.name, level=2)
        document.add_paragraph(f"{model.theme} {model.goals}")
        document.add_paragraph(
            f"{_('Who gets the health benefit')}: {_groups(model.benefit_target_groups.all())}. "
            f"{_('Who the work is done with')}: {_groups(model.work_target_groups.all())}."
        )
        document.add_paragraph(
            f"{_('Implementer')}: {model.implementer_text}. {_('Area')}: {model.area_text}."
        )
        document.add_heading(_("Steps"), level=3)
        for step in model.steps.all():
            document.add_paragraph(step.text, style="List Number")
        document.add_heading(_("Materials"), level=3)
        for material in model.materials.all():
            document.add_paragraph(f"{material.title}: {material.url}", style="List Bullet")
        document.add_paragraph(f"{_('More')}: {page_url(model)} · Innokylä: {model.innokyla_url}")
        if note:
            document.add_heading(_("Why it fits"), level=3)
            document.add_paragraph(note)
    buffer = io.BytesIO()
    document.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=DOCX_TYPE)
    response["Content-Disposition"] = 'attachment; filename="muistilista.docx"'
    return response


def shortlist_csv(entries, page_url) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="muistilista.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(
        spreadsheet_row(
            [
                _("Name"),
                _("Theme"),
                _("Who gets the health benefit"),
                _("Steps"),
                _("Materials"),
                _("Note"),
                _("Address"),
            ]
        )
    )
    for model, note in entries:
        writer.writerow(
            spreadsheet_row(
                [
                    model.name,
                    model.theme,
                    _groups(model.benefit_target_groups.all()),
                    "; ".join(f"{s.number}. {s.text}" for s in model.steps.all()),
                    "; ".join(f"{m.title} <{m.url}>" for m in model.materials.all()),
                    note,
                    page_url(model),
                ]
            )
        )
    return response
