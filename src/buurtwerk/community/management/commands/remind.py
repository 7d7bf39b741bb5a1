from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import ngettext

from buurtwerk.community.actions import do_send_shift_reminders


class Command(BaseCommand):
    help = "Herinner vrijwilligers aan hun diensten van de komende dagen."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=2, help="Zoveel dagen vooruit (2)")
        parser.add_argument(
            "--send", action="store_true", help="Ook e-mailen (anders alleen een lijst)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not 0 < options["days"] <= 400:
            self.stderr.write("Kies 1 tot en met 400 dagen.")
            return
        reminders = do_send_shift_reminders(timezone.now(), options["days"], send=options["send"])
        for reminder in reminders:
            start = timezone.localtime(reminder.shift.occurrence.starts_at)
            when = date_format(start, "DATETIME_FORMAT")
            self.stdout.write(
                f"{when}  {reminder.shift.occurrence.activity.title}  "
                f"{reminder.shift.get_role_display()}  {reminder.shift.volunteer}"
                f"{'' if reminder.address else '  (geen e-mailadres)'}"
            )
        verb = "verstuurd" if options["send"] else "gevonden"
        count = ngettext("%(n)d herinnering", "%(n)d herinneringen", len(reminders))
        self.stdout.write(f"{count % {'n': len(reminders)}} {verb}.")
