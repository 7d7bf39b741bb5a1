from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "buurtwerk.people"
    label = "people"
    verbose_name = "Bewoners en buurten"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from buurtwerk.core.dashboard import register_panel
        from buurtwerk.core.privacy import register_eraser, register_exporter
        from buurtwerk.core.retention import (
            RetentionRule,
            register_activity_source,
            register_retention_rule,
        )

        from . import privacy
        from .panels import residents_panel, small_networks_panel

        register_panel(residents_panel)
        register_panel(small_networks_panel)
        register_exporter("people", privacy.export_resident, title=_("Gegevens als bewoner"))
        register_eraser("people", privacy.erase_resident)
        register_activity_source("people", privacy.residents_active_since)
        register_retention_rule(
            RetentionRule(
                privacy.RETENTION_RULE,
                "bewoners zonder activiteit in de bewaartermijn wissen (geanonimiseerd)",
                privacy.erase_inactive_residents,
            )
        )
