from django.apps import AppConfig


class InsightConfig(AppConfig):
    name = "buurtwerk.insight"
    label = "insight"
    verbose_name = "Inzicht"
