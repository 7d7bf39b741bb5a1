import logging
import threading
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections
from django.tasks import task_backends
from django.utils import timezone

from buurtwerk.core.dbrouting import primary
from buurtwerk.core.schedule import enqueue_due_tasks
from buurtwerk.settings.services import TASK_QUEUES

logger = logging.getLogger("buurtwerk.worker")


def _backend_path(alias: str = "default") -> str:
    backend = type(task_backends[alias])
    return f"{backend.__module__}.{backend.__qualname__}"


def _backend_package(path: str) -> str:
    return path.split(".", 1)[0]


class Command(BaseCommand):
    help = (
        "Voer achtergrondtaken uit (koppelrondes, bewaartermijnen) en zet de periodieke taken "
        "op tijd in de wachtrij. Draai er een of meer van, op een of meer machines."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--queue",
            default=",".join(TASK_QUEUES),
            help="Wachtrijen, met komma's gescheiden (standaard: %(default)s)",
        )
        parser.add_argument(
            "--batch",
            action="store_true",
            help="Zet wat nu gepland is in de wachtrij, voer alle wachtende taken uit en stop.",
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=1.0,
            help="Seconden wachten als er geen taak klaarstaat (standaard: %(default)s)",
        )
        parser.add_argument(
            "--schedule-interval",
            type=float,
            default=60.0,
            help="Elke zoveel seconden de planning nakijken (standaard: %(default)s)",
        )
        parser.add_argument(
            "--no-schedule",
            action="store_true",
            help="Geen periodieke taken in de wachtrij zetten, alleen taken uitvoeren.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.verbosity = options["verbosity"]
        queues = [name.strip() for name in options["queue"].split(",") if name.strip()]
        unknown = sorted(set(queues) - set(TASK_QUEUES))
        if not queues or unknown:
            raise CommandError(
                f"Onbekende wachtrij: {', '.join(unknown) or '(leeg)'}. "
                f"Kies uit: {', '.join(TASK_QUEUES)}."
            )
        # A worker reads what it is about to change: always from the primary, never a replica.
        with primary():
            self._work(queues, options)

    def _work(self, queues: list[str], options: dict[str, Any]) -> None:
        if not options["no_schedule"]:
            if options["batch"]:
                self._schedule_once()
            else:
                self._start_scheduler(options["schedule_interval"])

        backend = _backend_path()
        verbosity = options["verbosity"]
        if _backend_package(backend) == "django_tasks_db":
            call_command(
                "db_worker",
                queue_name=",".join(queues),
                interval=options["interval"],
                batch=options["batch"],
                startup_delay=not options["batch"],
                reload=False,
                verbosity=verbosity,
            )
        elif _backend_package(backend) == "django_tasks_rq":
            call_command(
                "rqworker",
                *queues,
                job_class="django_tasks_rq.backend.Job",
                with_scheduler=True,
                burst=options["batch"],
                verbosity=verbosity,
            )
        else:
            # The immediate backend ran each task when it was queued; nothing is waiting.
            self.stdout.write(f"Taken draaien direct in het proces ({backend}); niets te doen.")

    def _schedule_once(self) -> None:
        queued = enqueue_due_tasks(timezone.now())
        if queued and self.verbosity:
            self.stdout.write(f"In de wachtrij gezet: {', '.join(queued)}")

    def _start_scheduler(self, every: float) -> None:
        stop = threading.Event()

        def tick() -> None:
            while not stop.is_set():
                try:
                    queued = enqueue_due_tasks(timezone.now())
                    if queued:
                        logger.info("Queued periodic tasks: %s", ", ".join(queued))
                except Exception:
                    # A database hiccup must not kill the scheduler; the next tick retries.
                    logger.exception("Scheduling periodic tasks failed")
                finally:
                    connections.close_all()
                stop.wait(every)

        threading.Thread(target=tick, name="buurtwerk-scheduler", daemon=True).start()
