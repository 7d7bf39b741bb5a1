from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "buurtwerk.casework"
    label = "casework"
    verbose_name = "Signalen en casuïstiek"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from buurtwerk.core.dashboard import register_panel
        from buurtwerk.core.navigation import MenuItem, register_menu_item
        from buurtwerk.core.permissions import ALL_ROLES, PROFESSIONALS, Role
        from buurtwerk.core.privacy import register_eraser, register_exporter
        from buurtwerk.core.retention import (
            RetentionRule,
            register_activity_source,
            register_retention_rule,
        )

        from .panels import signals_panel, work_panel
        from .privacy import (
            anonymise_closed_signals,
            erase_resident,
            export_resident,
            residents_active_since,
        )

        team_roles = PROFESSIONALS | {Role.AREA_PARTNER}
        for item in (
            MenuItem(_("Signalen"), "casework:signal_list", ALL_ROLES),
            MenuItem(_("Casussen"), "casework:case_list", PROFESSIONALS),
            MenuItem(_("Contacten"), "casework:contact_list", PROFESSIONALS),
            MenuItem(_("Teamoverleg"), "casework:meeting_list", team_roles),
            MenuItem(
                _("Routering"), "casework:rule_list", frozenset({Role.TEAMLEIDER, Role.ADMIN})
            ),
        ):
            register_menu_item(item)
        register_panel(signals_panel)
        register_panel(work_panel)
        register_retention_rule(
            RetentionRule(
                name="casework-signals",
                description="afgesloten signalen over personen anonimiseren na de bewaartermijn",
                apply=anonymise_closed_signals,
            )
        )
        register_exporter("casework", export_resident)
        register_eraser("casework", erase_resident)
        register_activity_source("casework", residents_active_since)
