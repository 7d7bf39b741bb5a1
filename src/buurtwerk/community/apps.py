from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "buurtwerk.community"
    label = "community"
    verbose_name = "Buurthuizen en initiatieven"
