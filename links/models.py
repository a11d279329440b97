"""Link health: the last check of every external link of the catalogue, one row per URL.

Keyed by the URL itself, not by the row that links to it: the same Innokylä page or PDF can
be linked from several places, is checked once, and every place shows the same result.
`manage.py check_links` writes these rows; nothing else does.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .fields import LinkField


class LinkStatus(models.TextChoices):
    OK = "ok", _("Works")
    REDIRECTED = "redirected", _("Works, redirected elsewhere")
    BROKEN = "broken", _("Broken (an error page)")
    UNREACHABLE = "unreachable", _("Unreachable (no answer)")
    REFUSED = "refused", _("Not checked: not a public web address")


#: The statuses a reader is warned about.
FAILING = [LinkStatus.BROKEN, LinkStatus.UNREACHABLE, LinkStatus.REFUSED]


class LinkCheckQuerySet(models.QuerySet):
    def by_url(self, urls) -> dict:
        """The checks of these URLs, by URL (unchecked ones left out)."""
        return {check.url: check for check in self.filter(url__in=set(urls))}

    def failing(self):
        return self.filter(status__in=FAILING)


class LinkCheckManager(models.Manager.from_queryset(LinkCheckQuerySet)):
    def get_by_natural_key(self, url):
        return self.get(url=url)


class LinkCheck(models.Model):
    Status = LinkStatus

    url = LinkField(_("URL"), unique=True)
    status = models.CharField(_("status"), max_length=20, choices=LinkStatus.choices)
    http_status = models.PositiveSmallIntegerField(
        _("HTTP status"), null=True, blank=True, help_text=_("Empty when no answer came.")
    )
    final_url = models.URLField(
        _("final URL"),
        max_length=2000,
        blank=True,
        help_text=_("Where the link led after following redirects (public addresses only)."),
    )
    detail = models.CharField(
        _("detail"), max_length=300, blank=True, help_text=_("Why it failed, if it did.")
    )
    checked_at = models.DateTimeField(_("last checked"))

    objects = LinkCheckManager()

    class Meta:
        ordering = ["url"]
        verbose_name = _("link check")
        verbose_name_plural = _("link checks")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=LinkStatus.values), name="linkcheck_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(http_status__isnull=True)
                | Q(http_status__gte=100, http_status__lte=599),
                name="linkcheck_http_status_range",
            ),
        ]

    def __str__(self):
        return self.url

    def natural_key(self):
        return (self.url,)

    @property
    def is_failing(self) -> bool:
        return self.status in FAILING
