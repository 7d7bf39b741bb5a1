from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from buurtwerk.audit.chain import write_checkpoint
from buurtwerk.audit.log import chain_head, check_audit_log


class Command(BaseCommand):
    help = (
        "Controleer dat het auditlog niet is gewijzigd (sleutel-hashketen, opschoningen en het "
        "laatste ijkpunt)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--checkpoint",
            action="store_true",
            help="Schrijf na een geslaagde controle een nieuw ondertekend ijkpunt.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        problems = check_audit_log()
        if problems:
            raise CommandError("Auditlog is aangetast:\n- " + "\n- ".join(problems))
        head = chain_head()
        self.stdout.write(f"Auditlog is intact ({head.written} regels geschreven).")
        if options["checkpoint"]:
            path = write_checkpoint(head)
            self.stdout.write(f"IJkpunt geschreven naar {path}.")
