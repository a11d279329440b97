"""The shortlist as a ready-to-paste section of a wellbeing plan (DOCX), as XLSX and as CSV.

Notes come from anyone's share link and text from editors: DOCX is XML and CSV and XLSX open in
spreadsheets, so every piece goes through hygiene on its way out.
"""

import csv
import io

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import RGBColor

from hygiene import spreadsheet_row, xml_safe

from .exports import Column, xlsx_response

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

#: Word's language of the document's text, for its spelling and hyphenation: Swedish as
#: written in Finland, where the catalogue's Swedish readers write their plans.
WORD_LANGUAGES = {"fi": "fi-FI", "sv": "sv-FI", "en": "en-GB"}


def _groups(groups):
    return ", ".join(group.name for group in groups)


class SafeDocument:
    """python-docx's Document whose text drops what XML cannot carry, in the page's language,
    with the catalogue as its author and real links."""

    def __init__(self, title):
        self.document = Document()
        language = WORD_LANGUAGES.get(get_language(), "fi-FI")
        defaults = self.document.styles.element.find(qn("w:docDefaults"))
        for lang in defaults.iter(qn("w:lang")):
            lang.set(qn("w:val"), language)
            lang.set(qn("w:eastAsia"), language)
        properties = self.document.core_properties
        properties.title = xml_safe(title)
        properties.author = properties.last_modified_by = _("MITO operating models")
        properties.language = language
        properties.created = properties.modified = timezone.now()
        properties.revision = 1
        properties.comments = ""
        link_style = self.document.styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
        link_style.font.color.rgb = RGBColor(0x05, 0x63, 0xC1)
        link_style.font.underline = True

    def add_heading(self, text, level):
        return self.document.add_heading(xml_safe(text), level=level)

    def add_paragraph(self, text="", style=None):
        return self.document.add_paragraph(xml_safe(text), style=style)

    def add_link(self, paragraph, text, url):
        """A hyperlink run that Word opens: a w:hyperlink pointing at an external relationship."""
        url = xml_safe(url)
        if not url:
            return
        relationship = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
        link = OxmlElement("w:hyperlink")
        link.set(qn("r:id"), relationship)
        run = OxmlElement("w:r")
        properties = OxmlElement("w:rPr")
        style = OxmlElement("w:rStyle")
        style.set(qn("w:val"), "Hyperlink")
        properties.append(style)
        run.append(properties)
        text_element = OxmlElement("w:t")
        text_element.text = xml_safe(text)
        text_element.set(qn("xml:space"), "preserve")
        run.append(text_element)
        link.append(run)
        paragraph._p.append(link)

    def save(self, stream):
        self.document.save(stream)


def shortlist_docx(entries, page_url) -> HttpResponse:
    title = _("Operating models for the wellbeing plan")
    document = SafeDocument(title)
    document.add_heading(title, level=1)
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
        # The addresses show as well as link: plans are printed and read on paper too.
        for material in model.materials.all():
            item = document.add_paragraph(f"{material.title}: ", style="List Bullet")
            document.add_link(item, material.url, material.url)
        links = document.add_paragraph(f"{_('More about the model')}: ")
        document.add_link(links, page_url(model), page_url(model))
        if model.innokyla_url:
            links.add_run(" · Innokylä: ")
            document.add_link(links, model.innokyla_url, model.innokyla_url)
        if note:
            document.add_heading(_("Why it fits"), level=3)
            document.add_paragraph(note)
    buffer = io.BytesIO()
    document.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=DOCX_TYPE)
    response["Content-Disposition"] = 'attachment; filename="muistilista.docx"'
    return response


def shortlist_columns(page_url) -> list[Column]:
    """The shortlist's table, the same in CSV and XLSX; each row is a (model, note) pair."""
    return [
        Column(_("Name"), lambda e: e[0].name, 30),
        Column(_("Theme"), lambda e: e[0].theme, 50),
        Column(
            _("Who gets the health benefit"),
            lambda e: _groups(e[0].benefit_target_groups.all()),
            30,
        ),
        Column(
            _("Steps"), lambda e: "; ".join(f"{s.number}. {s.text}" for s in e[0].steps.all()), 60
        ),
        Column(
            _("Materials"),
            lambda e: "; ".join(f"{m.title} <{m.url}>" for m in e[0].materials.all()),
            50,
        ),
        Column(_("Note"), lambda e: e[1], 50),
        Column(_("Address"), lambda e: page_url(e[0]), 40, link=True),
        # Added later, so last: programs reading the CSV find the older columns where they were.
        Column(_("Implementer"), lambda e: e[0].implementer_text, 30),
        Column(_("Area"), lambda e: e[0].area_text, 25),
        Column(_("Innokylä link"), lambda e: e[0].innokyla_url, 40, link=True),
    ]


def shortlist_csv(entries, page_url) -> HttpResponse:
    """Comma-separated (RFC 4180) for programs; spreadsheet users have the XLSX."""
    columns = shortlist_columns(page_url)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="muistilista.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(spreadsheet_row(column.title for column in columns))
    for entry in entries:
        writer.writerow(spreadsheet_row(column.value(entry) for column in columns))
    return response


def shortlist_xlsx(entries, page_url) -> HttpResponse:
    return xlsx_response(
        shortlist_columns(page_url), entries, _("Shortlist"), filename="muistilista.xlsx"
    )
