from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class CoreConfig(AppConfig):
    name = "buurtwerk.core"
    label = "core"
    verbose_name = "Buurtwerk"

    def ready(self) -> None:
        # Each domain app declares its access policy in its own permissions.py;
        # the central module in core enforces all of them the same way.
        autodiscover_modules("permissions")

        from django.db.backends.signals import connection_created

        from . import tasks
        from .retention import RetentionRule, register_retention_rule
        from .schedule import DAY, HOUR, PeriodicTask, register_periodic_task
        from .sqlite import make_database_file_private

        connection_created.connect(make_database_file_private)
        register_periodic_task(
            PeriodicTask("retention", tasks.apply_retention, every=DAY, at=3 * HOUR)
        )
        register_retention_rule(
            RetentionRule(
                "task_results",
                "afgeronde achtergrondtaken ouder dan 30 dagen verwijderd",
                tasks.prune_task_results,
            )
        )
