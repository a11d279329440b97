from django.apps import AppConfig


class MitoConfig(AppConfig):
    name = "mito"
    verbose_name = "MITO"
