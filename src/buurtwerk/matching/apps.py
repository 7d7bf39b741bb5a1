from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "buurtwerk.matching"
    label = "matching"
    verbose_name = "Koppelen"
