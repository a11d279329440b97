"""What search keeps beside the catalogue: index rows, the words it knows, and the thesaurus."""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from editing.versioning import Versioned
from hygiene import XmlSafeTextMixin


def not_blank(field: str) -> Q:
    """A database-level guard that a required text field is not empty."""
    return ~Q(**{field: ""})


class SearchEntry(models.Model):
    """PostgreSQL's index row of an operating model: its weighted terms and facet keys.

    A model's own row is wide (every text in three languages); these rows hold only what
    search and the facets read, so a query touching thousands of models reads a small table.
    The facet keys are also lexemes of the vector ("~county:pirkanmaa"), so search and filters
    are one GIN index scan. SQLite keeps its index in an FTS5 table instead (backends/sqlite.py).
    """

    # No database cascade: the row exists on PostgreSQL only, and deleting a model on SQLite
    # must not look for it. search.engine.forget() deletes it with the model.
    operating_model = models.OneToOneField(
        "models_catalog.OperatingModel",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        primary_key=True,
        related_name="search_entry",
        verbose_name=_("operating model"),
    )
    vector = SearchVectorField(_("search vector"), null=True)
    heading = SearchVectorField(
        _("name and theme"),
        null=True,
        help_text=_("The terms of the name and theme alone (weight A): small enough to rank by."),
    )
    facet_keys = models.JSONField(
        _("facet keys"),
        default=list,
        help_text=_("“county:pirkanmaa” and the like, one per facet option of the model."),
    )

    class Meta:
        required_db_vendor = "postgresql"
        ordering = ["operating_model"]
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        indexes = [
            GinIndex(fields=["vector"], name="searchentry_vector"),
            GinIndex(fields=["heading"], name="searchentry_heading"),
        ]

    def __str__(self):
        return str(self.operating_model_id)


class IndexVersion(models.Model):
    """Replaced with every write to the search index: what each process's copy of the facet
    bitmaps is compared with to know it is current. One row, also the index writers' lock."""

    ONLY = 1

    token = models.CharField(_("token"), max_length=32)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("search index version")
        verbose_name_plural = _("search index versions")
        constraints = [models.CheckConstraint(condition=Q(pk=1), name="indexversion_one_row")]

    def __str__(self):
        return self.token


class FacetBitmap(models.Model):
    """The published models with one option of a list-page facet, as a serialised Roaring
    bitmap of their ids (search.facets keeps them with every change to the catalogue). The row
    with an empty facet and option holds every published model."""

    facet = models.CharField(_("facet"), max_length=20, blank=True)
    option = models.CharField(_("option"), max_length=200, blank=True)
    members = models.BinaryField(_("members"))

    class Meta:
        ordering = ["facet", "option"]
        verbose_name = _("facet bitmap")
        verbose_name_plural = _("facet bitmaps")
        constraints = [
            models.UniqueConstraint(fields=["facet", "option"], name="facetbitmap_facet_option")
        ]

    def __str__(self):
        return f"{self.facet}:{self.option}"


class Word(models.Model):
    """A word written somewhere in the catalogue, as written (casefolded): what a query word
    that no dictionary knows is compared with, to suggest the word meant."""

    word = models.CharField(_("word"), max_length=60, primary_key=True)

    class Meta:
        ordering = ["word"]
        verbose_name = _("word of the catalogue")
        verbose_name_plural = _("words of the catalogue")

    def __str__(self):
        return self.word


class Language(models.TextChoices):
    FINNISH = "fi", _("Finnish")
    SWEDISH = "sv", _("Swedish")
    ENGLISH = "en", _("English")


class Concept(XmlSafeTextMixin, Versioned):
    """A set of terms that mean the same for a reader searching the catalogue (a thesaurus
    entry): searching for any of them finds the models that use any other."""

    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    note = models.CharField(
        _("note"),
        max_length=300,
        blank=True,
        help_text=_("What the terms have in common, for editors (readers do not see it)."),
    )

    class Manager(models.Manager):
        def get_by_natural_key(self, slug):
            return self.get(slug=slug)

    objects = Manager()

    class Meta:
        ordering = ["slug"]
        verbose_name = _("synonym set")
        verbose_name_plural = _("synonym sets")
        constraints = [
            models.CheckConstraint(condition=not_blank("slug"), name="concept_slug_not_blank")
        ]

    def __str__(self):
        return self.slug

    def natural_key(self):
        return (self.slug,)


class Term(XmlSafeTextMixin, Versioned):
    """One way of saying a concept, in one language ("vanhukset", "äldre", "older people")."""

    concept = models.ForeignKey(
        Concept, on_delete=models.CASCADE, related_name="terms", verbose_name=_("synonym set")
    )
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    text = models.CharField(
        _("term"),
        max_length=100,
        help_text=_("A word or a phrase, in any form a reader would type it."),
    )

    class Manager(models.Manager):
        def get_by_natural_key(self, concept_slug, language, text):
            return self.get(concept__slug=concept_slug, language=language, text=text)

    objects = Manager()

    class Meta:
        ordering = ["concept", "language", "text"]
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        constraints = [
            models.UniqueConstraint(
                fields=["concept", "language", "text"], name="term_unique_per_concept"
            ),
            models.CheckConstraint(condition=not_blank("text"), name="term_text_not_blank"),
            models.CheckConstraint(
                condition=Q(language__in=Language.values), name="term_language_valid"
            ),
        ]

    def __str__(self):
        return f"{self.text} ({self.language})"

    def natural_key(self):
        return (*self.concept.natural_key(), self.language, self.text)

    natural_key.dependencies = ["search.concept"]
