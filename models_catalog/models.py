"""The operating models (toimintamallit) of the MITO projects and everything they relate to."""

import datetime
import re
import secrets
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.dispatch import Signal
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from editing.versioning import Versioned, is_versioned
from hygiene import XmlSafeTextMixin
from links.fields import LinkField

from .translation_status import TranslationStatusMixin


def not_blank(field: str) -> Q:
    """A database-level guard that a required text field is not empty."""
    return ~Q(**{field: ""})


def finnish_required(field: str) -> Q:
    """The guard for a translated field: its Finnish version, which the others fall back to."""
    finnish = f"{field}_{settings.MODELTRANSLATION_DEFAULT_LANGUAGE}"
    return Q(**{f"{finnish}__isnull": False}) & not_blank(finnish)


def all_languages(instance, *fields):
    """Every language version of translated fields, as stored (no fallbacks)."""
    for field in fields:
        for code, _name in settings.LANGUAGES:
            value = getattr(instance, f"{field}_{code}", None)
            if value:
                yield value


_SLUG = re.compile(r"[-\w]+")


def is_slug(value: str) -> bool:
    """Only slug-shaped strings reach the database (PostgreSQL refuses NUL bytes, for one)."""
    return bool(_SLUG.fullmatch(value)) and len(value) <= 200


#: Sent when one of the catalogue's querysets changes rows without saving them one by one
#: (update(), bulk_create(), bulk_update(), delete()), with `using` and either `pks` or `objs`:
#: before a delete, before and after an update, after the others. save() and delete() of a row
#: send Django's own signals instead. Both reach the one write path (models_catalog.changes).
rows_changed = Signal()


class CatalogueQuerySet(models.QuerySet):
    """A queryset of catalogue content: whatever rows it changes in bulk are announced
    (rows_changed), and get what save() would give them: a new `updated_at`, and their
    translations outdated where the Finnish text changed."""

    def update(self, **kwargs):
        fields = {field.name for field in self.model._meta.concrete_fields}
        if "updated_at" in fields and "updated_at" not in kwargs:
            kwargs["updated_at"] = timezone.now()
        if is_versioned(self.model):
            # An editor's form opened before this change must not write over it.
            kwargs["version"] = F("version") + 1
        pks = list(self.values_list("pk", flat=True))
        # Before and after: an updated link may move from one model to another.
        rows_changed.send(sender=self.model, using=self.db, pks=pks)
        count = super().update(**kwargs)
        if issubclass(self.model, TranslationStatusMixin) and any(
            name.removesuffix(f"_{settings.MODELTRANSLATION_DEFAULT_LANGUAGE}")
            in self.model.TRANSLATED_FIELDS
            for name in kwargs
        ):
            self.model.mark_outdated_in_bulk(self.db, pks)
        rows_changed.send(sender=self.model, using=self.db, pks=pks)
        return count

    update.alters_data = True

    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        rows_changed.send(sender=self.model, using=self.db, objs=created)
        return created

    bulk_create.alters_data = True

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs = list(objs)
        if is_versioned(self.model):
            fields = [*(name for name in fields if name != "version"), "version"]
            for obj in objs:
                obj.version = F("version") + 1
        count = super().bulk_update(objs, fields, *args, **kwargs)
        if is_versioned(self.model):
            for obj in objs:
                del obj.version  # raised in the database: read again when asked for
        rows_changed.send(sender=self.model, using=self.db, objs=objs)
        return count

    bulk_update.alters_data = True

    def delete(self):
        rows_changed.send(
            sender=self.model, using=self.db, pks=list(self.values_list("pk", flat=True))
        )
        return super().delete()

    delete.alters_data = True
    delete.queryset_only = True


CatalogueManager = models.Manager.from_queryset(CatalogueQuerySet)


class SlugManager(CatalogueManager):
    """Looks rows up by slug, so fixtures can refer to them by a readable, stable key."""

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class SlugNaturalKeyMixin:
    def natural_key(self):
        return (self.slug,)


class WellbeingCountyQuerySet(CatalogueQuerySet):
    def with_model_counts(self):
        """Each county with the number of published operating models carried out in it."""
        # GROUP BY queries ignore Meta.ordering, so the order is given here.
        return self.annotate(
            model_count=models.Count(
                "operating_models", filter=Q(operating_models__is_published=True)
            )
        ).order_by("name")


class WellbeingCountyManager(SlugManager.from_queryset(WellbeingCountyQuerySet)):
    pass


class WellbeingCounty(XmlSafeTextMixin, SlugNaturalKeyMixin, TranslationStatusMixin, Versioned):
    """A wellbeing services county (hyvinvointialue), or the City of Helsinki."""

    TRANSLATED_FIELDS = ["name", "official_name"]

    class Kind(models.TextChoices):
        COUNTY = "county", _("Wellbeing services county")
        CITY = "city", _("City that organises its own services")

    name = models.CharField(
        _("name"), max_length=100, unique=True, help_text=_("Short name, e.g. Pirkanmaa.")
    )
    official_name = models.CharField(
        _("official name"),
        max_length=150,
        unique=True,
        help_text=_("Full name, e.g. Pirkanmaan hyvinvointialue."),
    )
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.COUNTY)
    map_column = models.PositiveSmallIntegerField(
        _("map column"),
        null=True,
        blank=True,
        help_text=_("Column of the county's tile on the schematic map, 0 = west."),
    )
    map_row = models.PositiveSmallIntegerField(
        _("map row"),
        null=True,
        blank=True,
        help_text=_("Row of the county's tile on the schematic map, 0 = north."),
    )

    objects = WellbeingCountyManager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("wellbeing services county")
        verbose_name_plural = _("wellbeing services counties")
        constraints = [
            models.CheckConstraint(
                condition=finnish_required("name"), name="county_name_not_blank"
            ),
            models.CheckConstraint(condition=not_blank("slug"), name="county_slug_not_blank"),
            models.UniqueConstraint(
                fields=["map_column", "map_row"], name="county_one_tile_per_map_position"
            ),
        ]

    def __str__(self):
        return self.name


class Municipality(XmlSafeTextMixin, SlugNaturalKeyMixin, TranslationStatusMixin, Versioned):
    """A Finnish municipality and the wellbeing services county it belongs to.

    Operating models link the municipalities the report names as where they were carried out;
    the others are there so a reader who searches for their own municipality finds the models
    of its county (search.query.Places).
    """

    TRANSLATED_FIELDS = ["name"]

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    county = models.ForeignKey(
        WellbeingCounty,
        on_delete=models.PROTECT,
        related_name="municipalities",
        verbose_name=_("wellbeing services county"),
    )

    objects = SlugManager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        constraints = [
            models.CheckConstraint(
                condition=finnish_required("name"), name="municipality_name_not_blank"
            ),
            models.CheckConstraint(condition=not_blank("slug"), name="municipality_slug_not_blank"),
        ]

    def __str__(self):
        return self.name


class Organisation(XmlSafeTextMixin, SlugNaturalKeyMixin, TranslationStatusMixin, Versioned):
    """An implementing organisation (toteuttaja), shared by every model it took part in."""

    TRANSLATED_FIELDS = ["name"]

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    abbreviation = models.CharField(_("abbreviation"), max_length=30, blank=True)

    objects = SlugManager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.CheckConstraint(
                condition=finnish_required("name"), name="organisation_name_not_blank"
            ),
            models.CheckConstraint(condition=not_blank("slug"), name="organisation_slug_not_blank"),
        ]

    def __str__(self):
        if self.abbreviation and self.abbreviation != self.name:
            return f"{self.name} ({self.abbreviation})"
        return self.name


class TargetGroup(XmlSafeTextMixin, SlugNaturalKeyMixin, TranslationStatusMixin, Versioned):
    """A term of the controlled vocabulary of target groups that coordinators filter by.

    Used in both roles of the report's table 2: the group the work is done with, and the
    group that gets the health benefit.
    """

    TRANSLATED_FIELDS = ["name", "description"]

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = SlugManager()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")
        constraints = [
            models.CheckConstraint(
                condition=finnish_required("name"), name="targetgroup_name_not_blank"
            ),
            models.CheckConstraint(condition=not_blank("slug"), name="targetgroup_slug_not_blank"),
        ]

    def __str__(self):
        return self.name


class ChallengeTag(XmlSafeTextMixin, SlugNaturalKeyMixin, TranslationStatusMixin, Versioned):
    """A recurring challenge the models met ("Haasteet ja ratkaisut"); admins extend the list."""

    TRANSLATED_FIELDS = ["name", "description"]

    name = models.CharField(_("name"), max_length=150, unique=True)
    slug = models.SlugField(_("slug"), max_length=150, unique=True)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = SlugManager()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")
        constraints = [
            models.CheckConstraint(
                condition=finnish_required("name"), name="challengetag_name_not_blank"
            ),
        ]

    def __str__(self):
        return self.name


class FormerSlug(models.Model):
    """A slug an operating model or a project had before: its old address, in every language,
    redirects permanently to the current one, so links that coordinators shared or bookmarked
    keep working (KeepsFormerSlugs records them)."""

    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, verbose_name=_("kind of page")
    )
    object_id = models.PositiveBigIntegerField(_("id"))
    slug = models.SlugField(_("former slug"), max_length=200)
    created_at = models.DateTimeField(_("changed"), auto_now_add=True)

    class Meta:
        ordering = ["content_type", "slug"]
        verbose_name = _("former address")
        verbose_name_plural = _("former addresses")
        constraints = [
            models.UniqueConstraint(fields=["content_type", "slug"], name="formerslug_unique")
        ]

    def __str__(self):
        return self.slug

    @classmethod
    def current_url(cls, queryset, slug: str) -> str | None:
        """The address now of the object of `queryset` that had `slug`, if any had."""
        content_type = ContentType.objects.db_manager(queryset.db).get_for_model(queryset.model)
        former = cls.objects.using(queryset.db).filter(content_type=content_type, slug=slug)
        obj = queryset.filter(pk__in=former.values("object_id")).first()
        return obj.get_absolute_url() if obj else None


class KeepsFormerSlugs(models.Model):
    """A page addressed by its slug: a changed slug is recorded as a FormerSlug."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        using = kwargs.get("using") or self._state.db or "default"
        rows = type(self)._base_manager.using(using).filter(pk=self.pk)
        former = rows.values_list("slug", flat=True).first() if self.pk is not None else None
        super().save(*args, **kwargs)
        content_type = ContentType.objects.db_manager(using).get_for_model(type(self))
        formers = FormerSlug.objects.using(using).filter(content_type=content_type)
        formers.filter(slug=self.slug).delete()  # its own address again, or another's now
        if former and former != self.slug:
            formers.update_or_create(
                content_type=content_type, slug=former, defaults={"object_id": self.pk}
            )


class ProjectQuerySet(CatalogueQuerySet):
    def with_published_models(self):
        """Projects readers can reach: those with a published operating model."""
        return self.filter(operating_models__is_published=True).distinct()

    def for_index(self):
        """The projects index: each project with its published models, in the report's order
        of its first model, in a fixed number of queries. Whole rows: the page's translation
        note reads every translated field."""
        published = OperatingModel.objects.published().only(
            *_translated("name"), "number", "slug", "project"
        )
        return (
            self.with_published_models()
            .annotate(
                first_number=models.Min(
                    "operating_models__number", filter=Q(operating_models__is_published=True)
                )
            )
            .order_by("first_number", "name")
            .prefetch_related(models.Prefetch("operating_models", published.order_by("number")))
        )


class Project(
    XmlSafeTextMixin, SlugNaturalKeyMixin, TranslationStatusMixin, KeepsFormerSlugs, Versioned
):
    """A MITO project (hanke) that produced an operating model.

    Every project has its name and implementer as the report gives them; the descriptive
    fields hold what its Innokylä page says, where the catalogue has that page.
    """

    #: Names that are Finnish descriptions ("… -hanke") are translated for readers too; the
    #: Finnish name stays the project's name (and slug).
    TRANSLATED_FIELDS = [
        "name",
        "implementer_text",
        "full_title",
        "short_description",
        "purpose_and_goals",
        "period_text",
        "actors",
        "funder",
        "starting_point",
        "main_goals",
        "expected_results",
    ]

    name = models.CharField(_("name"), max_length=250, unique=True)
    slug = models.SlugField(_("slug"), max_length=250, unique=True)
    implementer_text = models.CharField(
        _("implementer"),
        max_length=250,
        help_text=_("The implementing organisations as the report names them with the project."),
    )
    full_title = models.CharField(
        _("full title"), max_length=250, blank=True, help_text=_("The title on Innokylä.")
    )
    short_description = models.TextField(_("short description"), blank=True)
    purpose_and_goals = models.TextField(_("purpose and goals"), blank=True)
    period_text = models.CharField(_("period"), max_length=200, blank=True)
    start_year = models.PositiveSmallIntegerField(_("start year"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(_("end year"), null=True, blank=True)
    actors = models.TextField(_("actors"), blank=True)
    funder = models.CharField(_("funder"), max_length=200, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_organisation = models.CharField(_("contact organisation"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    author = models.CharField(
        _("author"), max_length=200, blank=True, help_text=_("Author of the Innokylä page.")
    )
    innokyla_created = models.DateField(_("created on Innokylä"), null=True, blank=True)
    innokyla_modified = models.DateField(_("last modified on Innokylä"), null=True, blank=True)
    starting_point = models.TextField(_("starting point and strategic links"), blank=True)
    main_goals = models.TextField(_("aim and main goals"), blank=True)
    expected_results = models.TextField(_("expected results, outputs and effects"), blank=True)

    objects = SlugManager.from_queryset(ProjectQuerySet)()

    class Meta:
        ordering = ["name"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        constraints = [
            models.CheckConstraint(
                condition=finnish_required("name"), name="project_name_not_blank"
            ),
            models.CheckConstraint(condition=not_blank("slug"), name="project_slug_not_blank"),
            models.CheckConstraint(
                condition=Q(start_year__isnull=True)
                | Q(end_year__isnull=True)
                | Q(end_year__gte=models.F("start_year")),
                name="project_period_in_order",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("models_catalog:project", kwargs={"slug": self.slug})


def _translated(*fields) -> list[str]:
    """Every language column of translated fields (read as one through modeltranslation)."""
    return [f"{field}_{code}" for field in fields for code, _name in settings.LANGUAGES]


CARD_FIELDS = ["number", "slug", "name", "theme", "implementer_text", "area_text"]
#: The texts, in the order a search excerpt prefers them, after the name.
EXCERPT_FIELDS = [
    "theme",
    "target_group_text",
    "goals",
    "work_target_group_text",
    "benefit_target_group_text",
    "results",
    "challenges_and_solutions",
]


def _vocabulary(relation: str):
    """The options of a relation without their translations' review statuses (JSON read
    for each row, and shown only in the admin and the downloads)."""
    return OperatingModel._meta.get_field(relation).related_model.objects.defer(
        "translation_status"
    )


def _approved_adoptions() -> models.Prefetch:
    """A model's approved adoptions with their places."""
    return models.Prefetch("adoptions", Adoption.objects.for_display())


def _card_relations() -> list:
    # Materials are only counted on a card.
    return [
        "benefit_target_groups",
        models.Prefetch("materials", queryset=Material.objects.only("operating_model")),
    ]


class OperatingModelQuerySet(CatalogueQuerySet):
    def published(self):
        return self.filter(is_published=True)

    def review_overdue(self, today=None):
        """Models whose review is due: never reviewed, or last reviewed a full cycle ago
        (settings.MITO_REVIEW_INTERVAL_DAYS)."""
        return self.filter(Q(reviewed_on__isnull=True) | Q(reviewed_on__lte=review_cutoff(today)))

    def for_listing(self):
        """A model's summary with its relations (API list), in a fixed number of queries.

        Only the columns the summary shows: a model's row holds every text in three languages.
        The project is prefetched, not joined: with the join, SQLite sorted every model by
        number instead of reading the listing index (about 250 ms at 100 000 models).
        """
        summary = _translated("name", "theme", "implementer_text", "area_text")
        return self.only(
            *summary, "number", "slug", "project", "evidence_status", "updated_at"
        ).prefetch_related(
            models.Prefetch("project", Project.objects.only(*_translated("name"))),
            *(
                models.Prefetch(relation, _vocabulary(relation))
                for relation in [
                    "organisations",
                    "counties",
                    "benefit_target_groups",
                    "work_target_groups",
                ]
            ),
        )

    def for_cards(self):
        """Only what a card shows (list page, related models), in a fixed number of queries."""
        return self.only(
            *_translated("name", "theme", "implementer_text", "area_text"), *CARD_FIELDS
        ).prefetch_related(*_card_relations())

    def for_search_cards(self):
        """Cards with the texts an excerpt of why a model matched is taken from."""
        return self.only(
            *_translated("name", "theme", *EXCERPT_FIELDS), *CARD_FIELDS
        ).prefetch_related(*_card_relations(), "steps")

    def for_detail(self):
        """Everything the model's own page shows, fetched in a fixed number of queries."""
        return self.select_related("project").prefetch_related(
            "steps",
            "materials",
            "organisations",
            "counties",
            models.Prefetch("municipalities", Municipality.objects.select_related("county")),
            "benefit_target_groups",
            "work_target_groups",
        )

    def with_adoption(self):
        """What the page, the API and the downloads add to for_detail(): taking it into use,
        and the approved adoptions with their places."""
        return self.prefetch_related("adoption_facts", _approved_adoptions())

    def related_pks(self, operating_model, limit: int) -> list[int]:
        """Other models of this queryset sharing a benefit target group or a county with
        `operating_model` (its own, prefetched), most shared first, then in the report's order.

        Chosen from the first RELATED_CANDIDATES models in the report's order that share any:
        the database walks the listing index and stops, so the cost does not grow with the
        catalogue. Exact while fewer models than that share one (in the report, 14 at most).
        """
        links = {
            "benefit_target_groups": [
                group.pk for group in operating_model.benefit_target_groups.all()
            ],
            "counties": [county.pk for county in operating_model.counties.all()],
        }
        if not any(links.values()):
            return []
        shared = sum(
            (_links_among(relation, pks) for relation, pks in links.items() if pks), Value(0)
        )
        # Counted for each model on the walk (an index probe each): PostgreSQL would read
        # every link of a group to hash them for a plain "has a link" test.
        candidates = (
            self.exclude(pk=operating_model.pk)
            .annotate(shared=shared)
            .filter(shared__gt=0)
            .order_by("number")
            .values_list("pk", "shared")[:RELATED_CANDIDATES]
        )
        # A stable sort: among equals, the report's order stays.
        ranked = sorted(candidates, key=lambda candidate: -candidate[1])
        return [pk for pk, _shared in ranked[:limit]]

    def in_order_of(self, pks) -> list:
        """These models, in the order of `pks` (those no longer here left out)."""
        by_pk = {operating_model.pk: operating_model for operating_model in self.filter(pk__in=pks)}
        return [by_pk[pk] for pk in pks if pk in by_pk]

    def showing(self, model, pks):
        """The models whose pages show any of these rows of `model` (a project, organisation,
        target group, county, municipality or challenge); none for anything else."""
        pks = list(pks)
        if model is TargetGroup:
            shown = Q(work_target_groups__in=pks) | Q(benefit_target_groups__in=pks)
        elif model is WellbeingCounty:
            # A model's municipalities are shown with their county, and so are the places
            # that adopted it ("used in the county").
            shown = (
                Q(counties__in=pks)
                | Q(municipalities__county__in=pks)
                | Q(adoptions__municipality__county__in=pks)
            )
        elif model is Municipality:
            shown = Q(municipalities__in=pks) | Q(adoptions__municipality__in=pks)
        elif model in SHOWN_BY:
            shown = Q(**{f"{SHOWN_BY[model]}__in": pks})
        else:
            return self.none()
        return self.filter(
            pk__in=self.model._base_manager.using(self.db).filter(shown).values("pk")
        )

    def for_indexing(self):
        """Everything search reads of a model (search_documents.py): what the exports read."""
        return self.for_export()

    def for_export(self):
        """Everything the CSV and JSON downloads write, in a fixed number of queries."""
        return self.for_detail().with_adoption().prefetch_related("challenges")


def review_cutoff(today=None) -> datetime.date:
    """A model last reviewed on or before this day is due for review again."""
    today = today or timezone.localdate()
    return today - datetime.timedelta(days=settings.MITO_REVIEW_INTERVAL_DAYS)


class OperatingModelManager(SlugManager.from_queryset(OperatingModelQuerySet)):
    pass


#: The many-to-many field behind each facet of the list page but materials (a kind per row).
#: How many models sharing something related models are chosen from (related_pks).
RELATED_CANDIDATES = 100


def _links_among(relation: str, pks: list[int]):
    """How many of these options of a many-to-many relation each model has."""
    field = OperatingModel._meta.get_field(relation)
    own, option = field.m2m_field_name(), field.m2m_reverse_field_name()
    links = field.remote_field.through.objects.filter(**{own: OuterRef("pk"), f"{option}__in": pks})
    counted = links.order_by().values(own).annotate(count=Count("*")).values("count")
    return Coalesce(Subquery(counted), 0)


FACET_RELATIONS = {
    "benefit": "benefit_target_groups",
    "work": "work_target_groups",
    "county": "counties",
    "municipality": "municipalities",
    "organisation": "organisations",
    "challenge": "challenges",
}


class EvidenceStatus(models.TextChoices):
    """How far a model's effectiveness has been assessed. The report rates none of them."""

    NOT_ASSESSED = "not_assessed", _("Not assessed")
    DESCRIBED = "described", _("Described practice")
    PROMISING = "promising", _("Promising practice")
    EVIDENCE_BASED = "evidence_based", _("Effectiveness shown")


class OperatingModel(
    XmlSafeTextMixin, SlugNaturalKeyMixin, TranslationStatusMixin, KeepsFormerSlugs, Versioned
):
    """An operating model (toimintamalli), one section of the report's chapter 2."""

    EvidenceStatus = EvidenceStatus
    #: The reader-facing texts that have Swedish and English versions (translation.py).
    TRANSLATED_FIELDS = [
        "name",
        "theme",
        "target_group_text",
        "work_target_group_text",
        "benefit_target_group_text",
        "goals",
        "challenges_and_solutions",
        "results",
        "implementer_text",
        "area_text",
    ]

    number = models.PositiveIntegerField(
        _("number"), unique=True, help_text=_("The model's number in the report's table 2.")
    )
    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    theme = models.TextField(_("theme"), help_text=_("Teema: the model in one sentence."))
    work_target_group_text = models.TextField(
        _("target group of the work"),
        help_text=_("Työskentelyn kohderyhmä: who the work is done with, in the report's words."),
    )
    benefit_target_group_text = models.TextField(
        _("target group that gets the health benefit"),
        help_text=_(
            "Terveyshyödyn saava kohderyhmä: who benefits from the model, in the report's words."
        ),
    )
    target_group_text = models.TextField(
        _("target group"), help_text=_("Kohderyhmä: the target group section of the model.")
    )
    goals = models.TextField(_("goals"), help_text=_("Tavoitteet."))
    challenges_and_solutions = models.TextField(
        _("challenges and solutions"), help_text=_("Haasteet ja ratkaisut.")
    )
    results = models.TextField(_("results"), help_text=_("Tulokset."))
    innokyla_url = LinkField(
        _("Innokylä link"),
        help_text=_("The model's description on Innokylä."),
    )
    implementer_text = models.CharField(
        _("implementer"),
        max_length=250,
        help_text=_("Toteuttaja: the implementer as the report's table 2 gives it."),
    )
    area_text = models.CharField(
        _("area"), max_length=250, help_text=_("Alue: the area as the report's table 2 gives it.")
    )
    project = models.ForeignKey(
        Project,
        on_delete=models.PROTECT,
        related_name="operating_models",
        verbose_name=_("project"),
    )
    organisations = models.ManyToManyField(
        Organisation, related_name="operating_models", verbose_name=_("organisations")
    )
    counties = models.ManyToManyField(
        WellbeingCounty,
        related_name="operating_models",
        verbose_name=_("wellbeing services counties"),
    )
    municipalities = models.ManyToManyField(
        Municipality,
        related_name="operating_models",
        blank=True,
        verbose_name=_("municipalities"),
    )
    work_target_groups = models.ManyToManyField(
        TargetGroup,
        related_name="work_operating_models",
        verbose_name=_("target groups of the work"),
    )
    benefit_target_groups = models.ManyToManyField(
        TargetGroup,
        related_name="benefit_operating_models",
        verbose_name=_("target groups that get the health benefit"),
    )
    challenges = models.ManyToManyField(
        ChallengeTag,
        related_name="operating_models",
        blank=True,
        verbose_name=_("challenges met"),
        help_text=_("The recurring challenges its “Haasteet ja ratkaisut” section describes."),
    )
    evidence_status = models.CharField(
        _("evidence status"),
        max_length=20,
        choices=EvidenceStatus.choices,
        default=EvidenceStatus.NOT_ASSESSED,
        help_text=_(
            "How far the model's effectiveness has been assessed. The report describes developed "
            "practices and rates none of them: keep “Not assessed” unless an assessment exists."
        ),
    )
    is_published = models.BooleanField(
        _("published"), default=True, help_text=_("Unpublished models are drafts: not shown.")
    )
    is_synthetic = models.BooleanField(
        _("synthetic"),
        default=False,
        editable=False,
        serialize=False,
        help_text=_("Made up by generate_synthetic for benchmarks; removed with its --remove."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)
    reviewed_on = models.DateField(
        _("last reviewed"),
        null=True,
        blank=True,
        help_text=_(
            "When an editor last checked the whole model against its sources (the report, "
            "Innokylä, the materials). Empty: never reviewed since it was taken from the report."
        ),
    )

    objects = OperatingModelManager()

    class Meta:
        ordering = ["number"]
        verbose_name = _("operating model")
        verbose_name_plural = _("operating models")
        indexes = [
            # The published models in the list's order, and their keys for the facet counts,
            # read from the index alone instead of the wide rows.
            models.Index(fields=["is_published", "number", "id"], name="operatingmodel_listing"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(number__gte=1), name="operatingmodel_number_positive"
            ),
            models.CheckConstraint(
                condition=finnish_required("name"), name="operatingmodel_name_not_blank"
            ),
            models.CheckConstraint(
                condition=not_blank("slug"), name="operatingmodel_slug_not_blank"
            ),
            models.CheckConstraint(
                condition=Q(innokyla_url__startswith="https://")
                | Q(innokyla_url__startswith="http://"),
                name="operatingmodel_innokyla_url_http",
            ),
            models.CheckConstraint(
                condition=Q(evidence_status__in=EvidenceStatus.values),
                name="operatingmodel_evidence_status_valid",
            ),
        ]

    def __str__(self):
        return f"{self.number}. {self.name}"

    def get_absolute_url(self):
        return reverse("models_catalog:detail", kwargs={"slug": self.slug})

    @property
    def review_due_on(self) -> datetime.date | None:
        """When the next review is due; None when the model was never reviewed (due now)."""
        if self.reviewed_on is None:
            return None
        return self.reviewed_on + datetime.timedelta(days=settings.MITO_REVIEW_INTERVAL_DAYS)


#: The many-to-many field (or foreign key) through which a model's page shows each
#: vocabulary (target groups and counties: OperatingModelQuerySet.showing()).
SHOWN_BY = {
    Project: "project",
    Organisation: "organisations",
    Municipality: "municipalities",
    ChallengeTag: "challenges",
}

# The link tables Django makes for the relations above get the catalogue's queryset too, so
# that links written straight to them (add(), remove(), set() and clear() from either side do
# so, and anyone may bulk_create()) are announced as any other change.
for _field in OperatingModel._meta.local_many_to_many:
    for _manager in _field.remote_field.through._meta.managers:
        _manager._queryset_class = CatalogueQuerySet


class Step(XmlSafeTextMixin, TranslationStatusMixin, Versioned):
    """One numbered step of an operating model (the list under "Toimintamalli")."""

    TRANSLATED_FIELDS = ["text"]

    operating_model = models.ForeignKey(
        OperatingModel,
        on_delete=models.CASCADE,
        related_name="steps",
        verbose_name=_("operating model"),
    )
    number = models.PositiveSmallIntegerField(
        _("number"), help_text=_("The step's number in the report; steps are shown in this order.")
    )
    text = models.TextField(_("text"))

    class Manager(CatalogueManager):
        def get_by_natural_key(self, model_slug, number):
            return self.get(operating_model__slug=model_slug, number=number)

    objects = Manager()

    class Meta:
        ordering = ["operating_model", "number"]
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        constraints = [
            models.UniqueConstraint(
                fields=["operating_model", "number"], name="step_number_unique_per_model"
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="step_number_positive"),
            models.CheckConstraint(condition=finnish_required("text"), name="step_text_not_blank"),
        ]

    def __str__(self):
        return f"{self.operating_model.name}: {self.number}."

    def natural_key(self):
        return (*self.operating_model.natural_key(), self.number)

    natural_key.dependencies = ["models_catalog.operatingmodel"]


class MaterialKind(models.TextChoices):
    WEB_PAGE = "web_page", _("Web page")
    VIDEO = "video", _("Video")
    VIDEO_PLAYLIST = "video_playlist", _("Video playlist")
    GUIDE = "guide", _("Guide or handbook (PDF)")
    TOOL = "tool", _("Tool or survey")


class Material(XmlSafeTextMixin, TranslationStatusMixin, Versioned):
    """A material to take into use (OTA MATERIAALIT KÄYTTÖÖN) of an operating model."""

    TRANSLATED_FIELDS = ["title"]

    Kind = MaterialKind

    operating_model = models.ForeignKey(
        OperatingModel,
        on_delete=models.CASCADE,
        related_name="materials",
        verbose_name=_("operating model"),
    )
    order = models.PositiveSmallIntegerField(_("order"))
    title = models.CharField(_("title"), max_length=300)
    url = LinkField(_("URL"))
    kind = models.CharField(_("kind"), max_length=20, choices=MaterialKind.choices)

    class Manager(CatalogueManager):
        def get_by_natural_key(self, model_slug, order):
            return self.get(operating_model__slug=model_slug, order=order)

    objects = Manager()

    class Meta:
        ordering = ["operating_model", "order"]
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        constraints = [
            models.UniqueConstraint(
                fields=["operating_model", "order"], name="material_order_unique_per_model"
            ),
            models.CheckConstraint(condition=Q(order__gte=1), name="material_order_positive"),
            models.CheckConstraint(
                condition=finnish_required("title"), name="material_title_not_blank"
            ),
            models.CheckConstraint(
                condition=Q(url__startswith="https://") | Q(url__startswith="http://"),
                name="material_url_http",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=MaterialKind.values), name="material_kind_valid"
            ),
        ]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (*self.operating_model.natural_key(), self.order)

    natural_key.dependencies = ["models_catalog.operatingmodel"]

    @property
    def is_pdf(self) -> bool:
        return urlsplit(self.url).path.lower().endswith(".pdf")


class GlossaryTerm(XmlSafeTextMixin, SlugNaturalKeyMixin, TranslationStatusMixin, Versioned):
    """A concept of the report's table 1 (Raportissa käytettyjä käsitteitä)."""

    TRANSLATED_FIELDS = ["term", "definition", "source_name"]

    term = models.CharField(_("term"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    definition = models.TextField(_("definition"))
    source_name = models.CharField(_("source"), max_length=200, blank=True)
    source_url = LinkField(_("source link"), blank=True)

    objects = SlugManager()

    class Meta:
        ordering = ["term"]
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary terms")
        constraints = [
            models.CheckConstraint(
                condition=finnish_required("term"), name="glossaryterm_term_not_blank"
            ),
            models.CheckConstraint(
                condition=finnish_required("definition"),
                name="glossaryterm_definition_not_blank",
            ),
        ]

    def __str__(self):
        return self.term


class SourceKind(models.TextChoices):
    REPORT = "report", _("The report this catalogue is based on")
    COLLECTION = "collection", _("Collection of the operating models on Innokylä")
    REFERENCE = "reference", _("Reference cited in the report")


class Source(XmlSafeTextMixin, SlugNaturalKeyMixin, TranslationStatusMixin, Versioned):
    """A publication or page the catalogue draws on: the report itself and its references."""

    TRANSLATED_FIELDS = ["title", "details"]

    Kind = SourceKind

    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=SourceKind.choices)
    title = models.CharField(_("title"), max_length=300)
    url = LinkField(_("link"))
    details = models.TextField(
        _("details"), blank=True, help_text=_("Authors, series, identifiers and rights.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = SlugManager()

    class Meta:
        ordering = ["order", "title"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        constraints = [
            models.CheckConstraint(
                condition=finnish_required("title"), name="source_title_not_blank"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=SourceKind.values), name="source_kind_valid"
            ),
        ]

    def __str__(self):
        return self.title


def new_share_id() -> str:
    """16 URL-safe characters, 96 random bits: short to paste, impossible to guess."""
    return secrets.token_urlsafe(12)


class SharedShortlistQuerySet(models.QuerySet):
    def current(self):
        return self.filter(expires_at__gt=timezone.now())

    def expired(self):
        return self.filter(expires_at__lte=timezone.now())


class SharedShortlist(models.Model):
    """A reader's shortlist with its notes, stored when they share it (models_catalog.shortlist).

    The link carries only the id: notes in a query string made links too long for servers
    and mail. Nothing about the reader is stored, and the row is deleted once it expires
    (`manage.py maintenance`).
    """

    #: How long a shared link works; the privacy notice and README say the same.
    LIFETIME = datetime.timedelta(days=180)

    id = models.CharField(
        _("id"), primary_key=True, max_length=32, default=new_share_id, editable=False
    )
    slugs = models.JSONField(_("operating models"), default=list)
    notes = models.JSONField(_("notes"), default=dict)
    created_at = models.DateTimeField(_("shared"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), db_index=True)

    objects = SharedShortlistQuerySet.as_manager()

    class Meta:
        verbose_name = _("shared shortlist")
        verbose_name_plural = _("shared shortlists")

    def __str__(self):
        return self.id

    def save(self, *args, **kwargs):
        if self.expires_at is None:
            self.expires_at = timezone.now() + self.LIFETIME
        super().save(*args, **kwargs)


# Taking a model into use: what a coordinator asks before adopting a model, whom to contact and
# what it takes (one AdoptionFact per aspect, each naming its source), and who already uses it
# (Adoption). Read for the pages by models_catalog.adoption.


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


class FactSource(models.TextChoices):
    """Where a fact on taking a model into use comes from (a Source is a publication)."""

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
    Source = FactSource

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
    source = models.CharField(_("source"), max_length=10, choices=FactSource.choices)
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
        # The tables keep the names they had in the adoption app (merged into this one).
        db_table = "adoption_adoptionfact"
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
                condition=(Q(source=FactSource.REPORT) & ~Q(report_part=""))
                | Q(source=FactSource.INNOKYLA)
                | (Q(source=FactSource.EDITOR) & Q(checked_on__isnull=False)),
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
    adoptions of each model; they come from its own places (models_catalog.adoption), not from
    here."""

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
        db_table = "adoption_adoption"
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
