from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightConfig(AppConfig):
    name = "buurtwerk.insight"
    label = "insight"
    verbose_name = "Inzicht"

    def ready(self) -> None:
        from buurtwerk.core.dashboard import register_panel
        from buurtwerk.core.navigation import MenuItem, register_menu_item

        from .panels import insight_panel
        from .permissions import VIEWERS

        register_menu_item(MenuItem(_("Inzicht"), "insight:index", VIEWERS))
        register_panel(insight_panel)
