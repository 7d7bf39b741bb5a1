from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "buurtwerk.people"
    label = "people"
    verbose_name = "Bewoners en buurten"

    def ready(self) -> None:
        from buurtwerk.core.dashboard import register_panel

        from .panels import residents_panel, small_networks_panel

        register_panel(residents_panel)
        register_panel(small_networks_panel)
