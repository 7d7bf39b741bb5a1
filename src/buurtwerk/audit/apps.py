from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "buurtwerk.audit"
    label = "audit"
    verbose_name = "Auditlog"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from buurtwerk.core.auditing import install_audit_trail
        from buurtwerk.core.privacy import register_exporter
        from buurtwerk.core.retention import RetentionRule, register_retention_rule
        from buurtwerk.core.schedule import HOUR, PeriodicTask, register_periodic_task

        from . import log, privacy, retention, tasks

        install_audit_trail(log)

        register_exporter("audit", privacy.export_resident, title=_("Wie uw gegevens bekeek"))
        register_retention_rule(
            RetentionRule(
                retention.RETENTION_RULE,
                "auditregels ouder dan de bewaartermijn verwijderen (hashketen blijft sluitend)",
                retention.prune_audit_log,
            )
        )
        register_periodic_task(
            PeriodicTask("audit_checkpoint", tasks.write_audit_checkpoint, every=HOUR)
        )
