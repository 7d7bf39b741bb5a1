from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SocialmapConfig(AppConfig):
    name = "buurtwerk.socialmap"
    label = "socialmap"
    verbose_name = "Sociale kaart"

    def ready(self) -> None:
        from buurtwerk.core.dashboard import register_panel
        from buurtwerk.core.navigation import MenuItem, register_menu_item
        from buurtwerk.core.permissions import ALL_ROLES, PROFESSIONALS, Role

        from .panels import escalations_panel, vraagbaak_panel

        team_workers = frozenset({Role.BUURTWERKER, Role.TEAMLEIDER})
        register_menu_item(MenuItem(_("Vraagbaak"), "socialmap:vraagbaak", ALL_ROLES))
        register_menu_item(MenuItem(_("Sociale kaart"), "socialmap:service_list", ALL_ROLES))
        register_menu_item(
            MenuItem(
                _("Doorverwijzingen"), "socialmap:referral_list", PROFESSIONALS | {Role.VOLUNTEER}
            )
        )
        register_menu_item(MenuItem(_("Vragen"), "socialmap:escalation_list", team_workers))
        register_menu_item(
            MenuItem(_("Mijn vragen"), "socialmap:escalation_list", frozenset({Role.VOLUNTEER}))
        )
        register_menu_item(MenuItem(_("Rapport sociale kaart"), "socialmap:report", team_workers))
        register_panel(escalations_panel)
        register_panel(vraagbaak_panel)

        from buurtwerk.core.privacy import register_eraser, register_exporter
        from buurtwerk.core.retention import RetentionRule, register_retention_rule

        from .privacy import apply_question_retention, erase_resident, export_resident

        register_exporter("socialmap", export_resident)
        register_eraser("socialmap", erase_resident)
        register_retention_rule(
            RetentionRule(
                "socialmap.questions",
                "vragen in de vraagbaak na een jaar leeggemaakt",
                apply_question_retention,
            )
        )
