"""The report's own text beyond the operating models: its sections as editors keep them.

Each section of THL's report that the catalogue quotes (1 the programme's background, 3–5 the
text around the figures, 6 the reflections for planners) is a ReportSection with its paragraphs
and quotations in order, editable in the admin and loaded from fixtures/report.json.
"""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from editing.versioning import Versioned
from hygiene import XmlSafeTextMixin
from models_catalog.models import SlugManager, SlugNaturalKeyMixin, finnish_required, not_blank
from models_catalog.translation_status import TranslationStatusMixin


class Placement(models.TextChoices):
    """The page a section is shown on."""

    ABOUT = "about", _("About the programme")
    BEFORE_YOU_START = "before_you_start", _("Before you start")
    STATISTICS = "statistics", _("Trainings and reach (beside the figures)")


class ReportSectionQuerySet(models.QuerySet):
    def on_page(self, placement):
        """The sections of one page, in the report's order, with their blocks."""
        return self.filter(placement=placement).prefetch_related("blocks")


class ReportSectionManager(SlugManager.from_queryset(ReportSectionQuerySet)):
    pass


class ReportSection(XmlSafeTextMixin, SlugNaturalKeyMixin, TranslationStatusMixin, Versioned):
    """One numbered section of the report, quoted whole."""

    Placement = Placement
    TRANSLATED_FIELDS = ["title"]

    number = models.PositiveSmallIntegerField(
        _("number"), unique=True, help_text=_("The section's number in the report.")
    )
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    title = models.CharField(_("title"), max_length=300, help_text=_("The report's heading."))
    placement = models.CharField(
        _("shown on"), max_length=20, choices=Placement.choices, default=Placement.ABOUT
    )

    objects = ReportSectionManager()

    class Meta:
        ordering = ["number"]
        verbose_name = _("report section")
        verbose_name_plural = _("report sections")
        constraints = [
            models.CheckConstraint(
                condition=finnish_required("title"), name="reportsection_title_not_blank"
            ),
            models.CheckConstraint(
                condition=not_blank("slug"), name="reportsection_slug_not_blank"
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1), name="reportsection_number_positive"
            ),
            models.CheckConstraint(
                condition=Q(placement__in=Placement.values), name="reportsection_placement_valid"
            ),
        ]

    def __str__(self):
        return f"{self.number} {self.title}"

    def get_absolute_url(self):
        if self.placement == Placement.STATISTICS:
            return reverse("trainings:statistics") + f"#section-{self.number}"
        return reverse(f"report:{self.placement}") + f"#section-{self.number}"


class BlockKind(models.TextChoices):
    PARAGRAPH = "paragraph", _("Paragraph")
    QUOTE = "quote", _("Quotation from a project")


class ReportBlock(XmlSafeTextMixin, TranslationStatusMixin, Versioned):
    """A paragraph of a section, or a project's words the report quotes, in the report's order."""

    Kind = BlockKind
    TRANSLATED_FIELDS = ["heading", "text", "attribution"]

    section = models.ForeignKey(
        ReportSection,
        on_delete=models.CASCADE,
        related_name="blocks",
        verbose_name=_("report section"),
    )
    order = models.PositiveSmallIntegerField(_("order"))
    heading = models.CharField(
        _("heading"),
        max_length=300,
        blank=True,
        help_text=_("A subheading of the report that begins here, if any."),
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=BlockKind.choices, default=BlockKind.PARAGRAPH
    )
    text = models.TextField(_("text"))
    attribution = models.CharField(
        _("attribution"),
        max_length=200,
        blank=True,
        help_text=_("Who a quotation is from, as the report gives it (e.g. “14. Hanke”)."),
    )

    class Manager(models.Manager):
        def get_by_natural_key(self, section_slug, order):
            return self.get(section__slug=section_slug, order=order)

    objects = Manager()

    class Meta:
        ordering = ["section", "order"]
        verbose_name = _("report text block")
        verbose_name_plural = _("report text blocks")
        constraints = [
            models.UniqueConstraint(
                fields=["section", "order"], name="reportblock_order_unique_per_section"
            ),
            models.CheckConstraint(condition=Q(order__gte=1), name="reportblock_order_positive"),
            models.CheckConstraint(
                condition=finnish_required("text"), name="reportblock_text_not_blank"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=BlockKind.values), name="reportblock_kind_valid"
            ),
        ]

    def __str__(self):
        return f"{self.section.number}: {self.order}."

    def natural_key(self):
        return (*self.section.natural_key(), self.order)

    natural_key.dependencies = ["report.reportsection"]

    @property
    def is_quote(self) -> bool:
        return self.kind == BlockKind.QUOTE
