from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "buurtwerk.matching"
    label = "matching"
    verbose_name = "Koppelen"

    def ready(self) -> None:
        from buurtwerk.core.dashboard import register_panel
        from buurtwerk.core.hooks import on
        from buurtwerk.core.navigation import PROFESSIONAL_ROLES, MenuItem, register_menu_item
        from buurtwerk.core.privacy import register_eraser, register_exporter
        from buurtwerk.core.retention import register_activity_source

        from .actions import on_consent_withdrawn
        from .panels import follow_up_panel, helping_panel
        from .privacy import erase_resident, export_resident, residents_active_since

        on("consent_withdrawn", on_consent_withdrawn)
        register_menu_item(MenuItem(_("Hulpvragen"), "matching:need_list", PROFESSIONAL_ROLES))
        register_menu_item(
            MenuItem(_("Te volgen koppelingen"), "matching:follow_up_list", PROFESSIONAL_ROLES)
        )
        register_panel(follow_up_panel)
        register_panel(helping_panel)
        register_activity_source("matching", residents_active_since)
        register_exporter("matching", export_resident, title=_("Hulp geven en hulp vragen"))
        register_eraser("matching", erase_resident)
