from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import OperatingModel, Project


class EveryLanguage:
    """Each page once per language (/…, /sv/…, /en/…), each naming the others as alternates
    and the Finnish page as x-default."""

    i18n = True
    alternates = True
    x_default = True


class OperatingModelSitemap(EveryLanguage, Sitemap):
    changefreq = "monthly"
    priority = 0.8

    def items(self):
        return OperatingModel.objects.published().order_by("number")

    def lastmod(self, item):
        return item.updated_at


class ProjectSitemap(EveryLanguage, Sitemap):
    changefreq = "yearly"
    priority = 0.4

    def items(self):
        return Project.objects.with_published_models()


class PageSitemap(EveryLanguage, Sitemap):
    priority = 0.6

    def items(self):
        return [
            "models_catalog:list",
            "models_catalog:map",
            "models_catalog:glossary",
            "models_catalog:evidence",
            "models_catalog:open_data",
            "models_catalog:projects",
            "trainings:statistics",
            "report:before_you_start",
            "report:about",
            "feedback:statement",
            "privacy",
        ]

    def location(self, item):
        return reverse(item)


SITEMAPS = {"pages": PageSitemap, "models": OperatingModelSitemap, "projects": ProjectSitemap}
