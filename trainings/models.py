"""The figures of the report's sections 3–5: trainings, communication and project support."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from editing.versioning import Versioned
from hygiene import XmlSafeTextMixin
from models_catalog.models import SlugManager, SlugNaturalKeyMixin, finnish_required
from models_catalog.translation_status import TranslationStatusMixin


class TrainingCategory(XmlSafeTextMixin, SlugNaturalKeyMixin, TranslationStatusMixin, Versioned):
    """A kind of training the report counts separately (the bars of its figures 2 and 3)."""

    TRANSLATED_FIELDS = ["name", "description"]

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), unique=True)

    objects = SlugManager()

    class Meta:
        ordering = ["order"]
        verbose_name = _("training category")
        verbose_name_plural = _("training categories")
        constraints = [
            models.CheckConstraint(
                condition=finnish_required("name"), name="trainingcategory_name_not_blank"
            ),
        ]

    def __str__(self):
        return self.name


class MethodTraining(XmlSafeTextMixin, SlugNaturalKeyMixin, TranslationStatusMixin, Versioned):
    """A method training the report names as an example (e.g. Mielen terveyden ensiapu 1)."""

    TRANSLATED_FIELDS = ["name"]

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    full_name = models.CharField(
        _("full name"), max_length=200, blank=True, help_text=_("Where the report spells it out.")
    )
    category = models.ForeignKey(
        TrainingCategory,
        on_delete=models.PROTECT,
        related_name="method_trainings",
        verbose_name=_("training category"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = SlugManager()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("method training")
        verbose_name_plural = _("method trainings")
        constraints = [
            models.CheckConstraint(
                condition=finnish_required("name"), name="methodtraining_name_not_blank"
            ),
        ]

    def __str__(self):
        return self.name


class Section(models.TextChoices):
    """The section of the report a figure comes from."""

    TRAININGS = "trainings", _("3 Strengthening mental-health competence through training")
    COMMUNICATION = "communication", _("4 Results of communication")
    PROJECT_SUPPORT = "project_support", _("5 Project support")


class Unit(models.TextChoices):
    TRAININGS = "trainings", pgettext_lazy("unit", "trainings")
    PARTICIPANTS = "participants", pgettext_lazy("unit", "participants")
    PEOPLE = "people", pgettext_lazy("unit", "people")
    EVENTS = "events", pgettext_lazy("unit", "events")
    PROJECTS = "projects", pgettext_lazy("unit", "projects")


class FigureQuerySet(models.QuerySet):
    def for_section(self, section):
        return self.filter(section=section).select_related("category")


class FigureManager(SlugManager.from_queryset(FigureQuerySet)):
    pass


class Figure(XmlSafeTextMixin, SlugNaturalKeyMixin, TranslationStatusMixin, Versioned):
    """One figure of the report, stored as reported.

    A reported total is its own row: the report's totals are not the sums of its
    categories, and nothing here adds them up.
    """

    TRANSLATED_FIELDS = ["label", "source_text"]

    Section = Section
    Unit = Unit

    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    section = models.CharField(_("section of the report"), max_length=20, choices=Section.choices)
    label = models.CharField(_("label"), max_length=300)
    category = models.ForeignKey(
        TrainingCategory,
        on_delete=models.PROTECT,
        related_name="figures",
        null=True,
        blank=True,
        verbose_name=_("training category"),
        help_text=_("Set for the figures of one training category; empty for totals."),
    )
    is_reported_total = models.BooleanField(
        _("reported total"),
        default=False,
        help_text=_("The report's own total, which need not be the sum of the categories."),
    )
    value = models.PositiveIntegerField(_("value"))
    value_max = models.PositiveIntegerField(
        _("upper value"),
        null=True,
        blank=True,
        help_text=_("For a range such as 100–500: the upper end."),
    )
    unit = models.CharField(_("unit"), max_length=20, choices=Unit.choices)
    is_approximate = models.BooleanField(
        _("approximate"), default=False, help_text=_('The report says "noin" (about).')
    )
    is_lower_bound = models.BooleanField(
        _("lower bound"), default=False, help_text=_('The report says "yli" (over).')
    )
    period = models.CharField(_("period"), max_length=50, blank=True)
    source_text = models.TextField(
        _("source text"), help_text=_("The sentence of the report the figure comes from.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = FigureManager()

    class Meta:
        ordering = ["section", "order"]
        verbose_name = _("figure")
        verbose_name_plural = _("figures")
        constraints = [
            models.CheckConstraint(
                condition=finnish_required("label"), name="figure_label_not_blank"
            ),
            models.CheckConstraint(
                condition=finnish_required("source_text"), name="figure_source_text_not_blank"
            ),
            models.CheckConstraint(
                condition=Q(section__in=Section.values), name="figure_section_valid"
            ),
            models.CheckConstraint(condition=Q(unit__in=Unit.values), name="figure_unit_valid"),
            models.CheckConstraint(
                condition=Q(value_max__isnull=True) | Q(value_max__gt=F("value")),
                name="figure_range_in_order",
            ),
            models.CheckConstraint(
                condition=Q(category__isnull=True) | Q(is_reported_total=False),
                name="figure_total_has_no_category",
            ),
            models.UniqueConstraint(
                fields=["category", "unit"], name="figure_one_value_per_category_and_unit"
            ),
        ]

    def __str__(self):
        return f"{self.label}: {self.display_value}"

    @property
    def display_value(self) -> str:
        """The value as the report words it, e.g. "noin 12 800" or "yli 280 000"."""
        value = _group_thousands(self.value)
        if self.value_max is not None:
            value = f"{value}–{_group_thousands(self.value_max)}"
        if self.is_approximate:
            return gettext("about %(value)s") % {"value": value}
        if self.is_lower_bound:
            return gettext("over %(value)s") % {"value": value}
        return value


def _group_thousands(number: int) -> str:
    # Finnish groups thousands with a (no-break) space: 22 800.
    return f"{number:,}".replace(",", "\u00a0")
