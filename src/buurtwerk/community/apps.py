from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "buurtwerk.community"
    label = "community"
    verbose_name = "Buurthuizen en initiatieven"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from buurtwerk.core.dashboard import register_panel
        from buurtwerk.core.hooks import on
        from buurtwerk.core.navigation import MenuItem, register_menu_item
        from buurtwerk.core.permissions import Role
        from buurtwerk.core.privacy import register_eraser, register_exporter
        from buurtwerk.core.retention import register_activity_source, register_retention_rule

        from . import panels, privacy

        register_menu_item(
            MenuItem(
                _("Buurthuis"),
                "community:overview",
                frozenset({Role.BUURTWERKER, Role.TEAMLEIDER, Role.WIJKTEAM, Role.AREA_PARTNER}),
            )
        )
        register_menu_item(
            MenuItem(_("Mijn diensten"), "community:my_shifts", frozenset({Role.VOLUNTEER}))
        )
        register_panel(panels.shifts_panel)
        register_panel(panels.registrations_panel)
        on("consent_withdrawn", privacy.withdraw_ride_matching)
        register_exporter("community", privacy.export_resident)
        register_eraser("community", privacy.erase_resident)
        register_activity_source("community", privacy.residents_active_since)
        for rule in privacy.RETENTION_RULES:
            register_retention_rule(rule)
