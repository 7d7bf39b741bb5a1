from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "buurtwerk.audit"
    label = "audit"
    verbose_name = "Auditlog"
