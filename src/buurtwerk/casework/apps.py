from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "buurtwerk.casework"
    label = "casework"
    verbose_name = "Signalen en casuïstiek"
