"""What a coordinator asks before adopting a model: whom to contact, what it takes (one
AdoptionFact per aspect, each naming its source), and who already uses it (Adoption)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hygiene import XmlSafeTextMixin
from links.fields import LinkField
from models_catalog.models import (
    CatalogueManager,
    CatalogueQuerySet,
    Municipality,
    OperatingModel,
    finnish_required,
)
from models_catalog.translation_status import TranslationStatusMixin


class Aspect(models.TextChoices):
    """The parts of "Taking it into use", in the order every model's page shows them."""

    OWNER = "owner", _("Organisation behind the model")
    CONTACT = "contact", _("Contact person")
    STAFF = "staff", _("Staff and roles")
    TRAINING = "training", _("Training needed to deliver it")
    TIME = "time", _("Time to get it running")
    COSTS = "costs", _("Costs")
    PREREQUISITES = "prerequisites", _("Prerequisites")
    LANGUAGES = "languages", _("Languages of the materials")
    REPORT_WORDS = "report_words", _("The report on taking it into use")


ASPECT_ORDER = {value: index for index, value in enumerate(Aspect.values)}


class SourceKind(models.TextChoices):
    REPORT = "report", _("The report")
    INNOKYLA = "innokyla", _("Innokylä")
    EDITOR = "editor", _("An editor's own check")


class ReportPart(models.TextChoices):
    """Where in the report: the model's own section of chapter 2, its table 2, or chapter 6."""

    TABLE_2 = "table_2", _("table 2")
    IMPLEMENTER = "implementer", _("the model's section, “Toteuttaja”")
    STEPS = "steps", _("the model's section, “Toimintamalli”")
    CHALLENGES = "challenges", _("the model's section, “Haasteet ja ratkaisut”")
    RESULTS = "results", _("the model's section, “Tulokset”")
    REFLECTIONS = "reflections", _("chapter 6, reflections")


class AdoptionFactQuerySet(CatalogueQuerySet):
    pass


class AdoptionFact(XmlSafeTextMixin, TranslationStatusMixin, models.Model):
    """One aspect of taking a model into use, as one source says it. An aspect no source
    speaks of has no row, and the page says "not stated in the sources"."""

    TRANSLATED_FIELDS = ["text"]

    Aspect = Aspect
    Source = SourceKind

    operating_model = models.ForeignKey(
        OperatingModel,
        on_delete=models.CASCADE,
        related_name="adoption_facts",
        verbose_name=_("operating model"),
    )
    aspect = models.CharField(_("aspect"), max_length=20, choices=Aspect.choices)
    text = models.TextField(_("text"))
    quoted = models.BooleanField(
        _("the source's own words"),
        default=False,
        help_text=_("Shown in quotation marks: the text is quoted word for word."),
    )
    email = models.EmailField(_("email"), blank=True, help_text=_("Contact person only."))
    source = models.CharField(_("source"), max_length=10, choices=SourceKind.choices)
    report_part = models.CharField(
        _("part of the report"), max_length=20, choices=ReportPart.choices, blank=True
    )
    step = models.PositiveSmallIntegerField(
        _("step"), null=True, blank=True, help_text=_("The step quoted, in “Toimintamalli”.")
    )
    source_url = LinkField(_("source link"), blank=True)
    checked_on = models.DateField(
        _("checked on"), null=True, blank=True, help_text=_("When the editor checked it.")
    )

    class Manager(CatalogueManager.from_queryset(AdoptionFactQuerySet)):
        def get_by_natural_key(self, model_slug, aspect):
            return self.get(operating_model__slug=model_slug, aspect=aspect)

    objects = Manager()

    class Meta:
        ordering = ["operating_model", "aspect"]
        verbose_name = _("fact on taking it into use")
        verbose_name_plural = _("taking it into use")
        constraints = [
            models.UniqueConstraint(
                fields=["operating_model", "aspect"], name="adoptionfact_one_per_aspect"
            ),
            models.CheckConstraint(
                condition=Q(aspect__in=Aspect.values), name="adoptionfact_aspect_valid"
            ),
            models.CheckConstraint(
                condition=finnish_required("text"), name="adoptionfact_text_not_blank"
            ),
            models.CheckConstraint(
                condition=Q(email="") | Q(aspect=Aspect.CONTACT),
                name="adoptionfact_email_only_for_contact",
            ),
            # Nothing is shown without its source: which part of the report, which page, or
            # when an editor checked it.
            models.CheckConstraint(
                condition=(Q(source=SourceKind.REPORT) & ~Q(report_part=""))
                | Q(source=SourceKind.INNOKYLA)
                | (Q(source=SourceKind.EDITOR) & Q(checked_on__isnull=False)),
                name="adoptionfact_source_named",
            ),
        ]

    def __str__(self):
        return f"{self.operating_model.name}: {self.get_aspect_display()}"

    def natural_key(self):
        return (*self.operating_model.natural_key(), self.aspect)

    natural_key.dependencies = ["models_catalog.operatingmodel"]


class AdoptionQuerySet(CatalogueQuerySet):
    def approved(self):
        return self.filter(status=Adoption.Status.APPROVED)

    def for_display(self):
        return self.approved().select_related("municipality__county")


class Adoption(XmlSafeTextMixin, models.Model):
    """A municipality (or an organisation in it) that took a model into use. Readers report
    them; nothing is shown before an editor approves it. The original projects are the first
    adoptions of each model; they come from its own places (adoption.places), not from here."""

    #: A reader's report is no edit of the model: its "last updated" stays (changes.py).
    TOUCHES_OPERATING_MODEL = False

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for an editor")
        APPROVED = "approved", _("Approved: shown to readers")

    class Source(models.TextChoices):
        READER = "reader", _("Reported by a reader")
        EDITOR = "editor", _("Added by an editor")

    operating_model = models.ForeignKey(
        OperatingModel,
        on_delete=models.CASCADE,
        related_name="adoptions",
        verbose_name=_("operating model"),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="adoptions",
        verbose_name=_("municipality"),
    )
    organisation = models.CharField(
        _("organisation (optional)"),
        max_length=200,
        blank=True,
        help_text=_("E.g. the school, health station or association that uses it."),
    )
    since = models.PositiveSmallIntegerField(
        _("in use since (year)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1990), MaxValueValidator(2100)],
    )
    contact_name = models.CharField(_("contact person (optional)"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact email (optional)"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.EDITOR
    )
    created_at = models.DateTimeField(_("reported"), auto_now_add=True)

    class Manager(CatalogueManager.from_queryset(AdoptionQuerySet)):
        def get_by_natural_key(self, model_slug, municipality_slug, organisation):
            return self.get(
                operating_model__slug=model_slug,
                municipality__slug=municipality_slug,
                organisation=organisation,
            )

    objects = Manager()

    class Meta:
        ordering = ["operating_model", "municipality", "organisation"]
        verbose_name = _("adoption")
        verbose_name_plural = _("adoptions: who uses a model now")
        constraints = [
            models.UniqueConstraint(
                fields=["operating_model", "municipality", "organisation"],
                name="adoption_once_per_place",
                violation_error_message=_(
                    "This use of the model has already been reported; thank you."
                ),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "approved"]), name="adoption_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(since__isnull=True) | Q(since__gte=1990, since__lte=2100),
                name="adoption_since_a_year",
            ),
        ]

    def __str__(self):
        where = (
            f"{self.organisation}, {self.municipality}"
            if self.organisation
            else str(self.municipality)
        )
        return f"{self.operating_model.name}: {where}"

    def get_absolute_url(self):
        return reverse("models_catalog:detail", kwargs={"slug": self.operating_model.slug})

    def natural_key(self):
        return (
            *self.operating_model.natural_key(),
            *self.municipality.natural_key(),
            self.organisation,
        )

    natural_key.dependencies = ["models_catalog.operatingmodel", "models_catalog.municipality"]
