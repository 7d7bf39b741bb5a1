from django.apps import AppConfig


class SocialmapConfig(AppConfig):
    name = "buurtwerk.socialmap"
    label = "socialmap"
    verbose_name = "Sociale kaart"
