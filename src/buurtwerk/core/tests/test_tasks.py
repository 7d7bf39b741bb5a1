import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.tasks import TaskResultStatus, task
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from buurtwerk.audit.models import AuditEntry
from buurtwerk.core import retention, schedule, tasks
from buurtwerk.core.background import enqueue_on_commit, single_flight
from buurtwerk.core.models import ScheduledRun
from buurtwerk.settings.services import TASK_QUEUES

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": TASK_QUEUES}}
SEEN: list[int] = []


@task()
def remember(number: int) -> int:
    SEEN.append(number)
    return number * 2


@pytest.fixture
def counting_rule(monkeypatch):
    rule = retention.RetentionRule("test-rule", "testregel", lambda now, dry_run: 4)
    monkeypatch.setattr(retention, "_RULES", {rule.name: rule})


@pytest.mark.django_db
def test_the_retention_task_applies_the_rules_and_writes_the_audit_log(counting_rule) -> None:
    result = tasks.apply_retention.enqueue()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == {"test-rule": 4}
    assert AuditEntry.objects.filter(purpose="bewaartermijnen toegepast").count() == 1


@pytest.mark.django_db
def test_enqueue_on_commit_waits_for_the_transaction(django_capture_on_commit_callbacks) -> None:
    SEEN.clear()
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        enqueue_on_commit(remember, 21)
        assert SEEN == []
    assert len(callbacks) == 1
    assert SEEN == [21]


@pytest.mark.django_db
def test_enqueue_on_commit_drops_the_task_when_the_transaction_rolls_back(
    django_capture_on_commit_callbacks,
) -> None:
    SEEN.clear()
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        enqueue_on_commit(remember, 21)
        raise RuntimeError("rolled back")
    assert callbacks == []
    assert SEEN == []


# Not inside a test transaction: the worker checks its connection between tasks, as in production.
@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DATABASE_QUEUE)
def test_the_worker_queues_what_is_due_and_runs_the_database_queue(
    counting_rule, monkeypatch
) -> None:
    SEEN.clear()
    daily = schedule.PeriodicTask("retention", tasks.apply_retention, every=schedule.DAY)
    monkeypatch.setattr(schedule, "_PERIODIC", {daily.name: daily})
    remember.enqueue(5)
    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).count() == 1
    assert SEEN == []

    call_command("worker", "--batch", verbosity=0)

    assert SEEN == [5]
    assert ScheduledRun.objects.filter(name="retention").count() == 1
    statuses = dict(DBTaskResult.objects.values_list("task_path", "status"))
    assert statuses == {
        "buurtwerk.core.tests.test_tasks.remember": TaskResultStatus.SUCCESSFUL,
        "buurtwerk.core.tasks.apply_retention": TaskResultStatus.SUCCESSFUL,
    }
    assert AuditEntry.objects.filter(purpose="bewaartermijnen toegepast").exists()


@pytest.mark.django_db
def test_the_worker_refuses_an_unknown_queue() -> None:
    with pytest.raises(CommandError, match="Onbekende wachtrij: nachtwerk"):
        call_command("worker", "--batch", "--queue", "nachtwerk")


@pytest.mark.django_db
def test_the_worker_with_the_immediate_backend_has_nothing_to_wait_for(capsys) -> None:
    call_command("worker", "--batch", "--no-schedule")
    assert "niets te doen" in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)
def test_single_flight_lets_one_holder_in_at_a_time() -> None:
    with single_flight("matching-district-7") as first:
        assert first
        if connection.vendor == "postgresql":
            import psycopg

            settings_dict = connection.settings_dict
            with psycopg.connect(
                host=settings_dict["HOST"],
                port=settings_dict["PORT"] or 5432,
                user=settings_dict["USER"],
                password=settings_dict["PASSWORD"] or None,
                dbname=settings_dict["NAME"],
                autocommit=True,
            ) as other:
                from buurtwerk.core.background import _lock_keys

                taken = other.execute(
                    "SELECT pg_try_advisory_lock(%s, %s)", _lock_keys("matching-district-7")
                ).fetchone()
                free = other.execute(
                    "SELECT pg_try_advisory_lock(%s, %s)", _lock_keys("matching-district-8")
                ).fetchone()
            assert taken == (False,)
            assert free == (True,)
    with single_flight("matching-district-7") as again:
        assert again


@pytest.mark.django_db
@override_settings(TASKS=DATABASE_QUEUE)
def test_finished_tasks_are_removed_after_thirty_days() -> None:
    from datetime import timedelta

    from django.utils import timezone

    from buurtwerk.core.tasks import prune_task_results

    now = timezone.now()
    for _ in range(2):
        remember.enqueue(1)
    old, recent = DBTaskResult.objects.all()[:2]
    DBTaskResult.objects.filter(pk=old.pk).update(
        status=TaskResultStatus.SUCCESSFUL, finished_at=now - timedelta(days=31)
    )
    DBTaskResult.objects.filter(pk=recent.pk).update(
        status=TaskResultStatus.SUCCESSFUL, finished_at=now - timedelta(days=29)
    )
    assert prune_task_results(now, dry_run=True) == 1
    assert DBTaskResult.objects.count() == 2
    assert prune_task_results(now, dry_run=False) == 1
    assert list(DBTaskResult.objects.values_list("pk", flat=True)) == [recent.pk]
