import getpass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from buurtwerk.accounts.actions import do_create_user
from buurtwerk.core.actions import SYSTEM
from buurtwerk.core.permissions import Role
from buurtwerk.people.models import Team


class Command(BaseCommand):
    help = "Maak een account aan met een rol."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--name", default="", help="Volledige naam")
        parser.add_argument("--job-title", default="")
        parser.add_argument("--team", action="append", default=[], help="Teamnaam (herhaalbaar)")
        parser.add_argument("--password", help="Anders wordt erom gevraagd")

    def handle(self, *args: Any, **options: Any) -> None:
        password = options["password"] or getpass.getpass("Wachtwoord: ")
        teams = list(Team.objects.filter(name__in=options["team"]))
        missing = set(options["team"]) - {team.name for team in teams}
        if missing:
            raise CommandError(f"Onbekend team: {', '.join(sorted(missing))}")
        try:
            user = do_create_user(
                username=options["username"],
                password=password,
                role=options["role"],
                full_name=options["name"],
                job_title=options["job_title"],
                teams=teams,
                acting_user=SYSTEM,
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(f"Account '{user.username}' aangemaakt met rol {user.role_label}.")
