from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "buurtwerk.matching"
    label = "matching"
    verbose_name = "Koppelen"

    def ready(self) -> None:
        from buurtwerk.core.hooks import on

        from .actions import on_consent_withdrawn

        on("consent_withdrawn", on_consent_withdrawn)
