from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "buurtwerk.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from buurtwerk.core.privacy import register_eraser, register_exporter
        from buurtwerk.core.retention import RetentionRule, register_retention_rule

        from . import privacy, receivers, retention  # noqa: F401 - receivers: login audit

        register_exporter("account", privacy.export_resident, title=_("Inlogaccount"))
        register_eraser("account", privacy.erase_resident)
        register_retention_rule(
            RetentionRule(
                retention.LOGIN_ATTEMPTS_RULE,
                "mislukte inlogpogingen (gebruikersnaam, IP-adres) verwijderen",
                retention.remove_old_login_attempts,
            )
        )
        register_retention_rule(
            RetentionRule(
                retention.SESSIONS_RULE,
                "verlopen sessies verwijderen",
                retention.remove_expired_sessions,
            )
        )
