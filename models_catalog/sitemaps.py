from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import OperatingModel, Project


class OperatingModelSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.8

    def items(self):
        return OperatingModel.objects.published().order_by("number")

    def lastmod(self, item):
        return item.updated_at


class ProjectSitemap(Sitemap):
    changefreq = "yearly"
    priority = 0.4

    def items(self):
        return Project.objects.filter(operating_models__is_published=True).distinct()


class PageSitemap(Sitemap):
    priority = 0.6

    def items(self):
        return [
            "models_catalog:list",
            "models_catalog:map",
            "models_catalog:glossary",
            "models_catalog:evidence",
            "models_catalog:open_data",
            "trainings:statistics",
            "report:before_you_start",
            "report:about",
            "feedback:statement",
            "privacy",
        ]

    def location(self, item):
        return reverse(item)


SITEMAPS = {"pages": PageSitemap, "models": OperatingModelSitemap, "projects": ProjectSitemap}
