from typing import Any

from django.core.management.base import BaseCommand, CommandError

from buurtwerk.audit.log import verify_chain


class Command(BaseCommand):
    help = "Controleer dat het auditlog niet is gewijzigd (hashketen)."

    def handle(self, *args: Any, **options: Any) -> None:
        broken = verify_chain()
        if broken:
            raise CommandError(f"Auditlog is aangetast bij regel {broken[:20]}")
        self.stdout.write("Auditlog is intact.")
