from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from buurtwerk.accounts.actions import do_reset_two_factor
from buurtwerk.accounts.models import User
from buurtwerk.core.actions import SYSTEM


class Command(BaseCommand):
    help = (
        "Herstel tweestapsverificatie van een account (telefoon kwijt): bij de volgende "
        "keer inloggen stelt de gebruiker een nieuwe app in."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"Onbekend account: {options['username']}")
        removed = do_reset_two_factor(user, acting_user=SYSTEM)
        self.stdout.write(f"Tweestapsverificatie van '{user.username}' hersteld ({removed}).")
