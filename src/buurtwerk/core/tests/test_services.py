import pytest
from django.core.exceptions import ImproperlyConfigured

from buurtwerk.settings.services import (
    TASK_QUEUES,
    cache_settings,
    replica_databases,
    task_settings,
)

SQLITE = {"ENGINE": "django.db.backends.sqlite3", "NAME": "var/buurtwerk.sqlite3"}
POSTGRES = {"ENGINE": "django.db.backends.postgresql", "NAME": "buurtwerk"}


def test_without_redis_tasks_queue_in_the_database() -> None:
    configured = task_settings({})
    assert configured["TASKS"]["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"
    assert configured["TASKS"]["default"]["QUEUES"] == TASK_QUEUES
    assert configured["APPS"] == ["django_tasks_db"]


def test_with_a_redis_url_tasks_go_to_rq_on_every_queue() -> None:
    configured = task_settings({"BUURTWERK_REDIS_URL": "redis://queue.internal:6379/2"})
    assert configured["TASKS"]["default"]["BACKEND"] == "django_tasks_rq.RQBackend"
    assert configured["APPS"] == ["django_rq"]
    assert set(configured["RQ_QUEUES"]) == set(TASK_QUEUES)
    assert {queue["URL"] for queue in configured["RQ_QUEUES"].values()} == {
        "redis://queue.internal:6379/2"
    }


def test_the_rq_backend_named_in_the_settings_can_be_imported() -> None:
    # Installed with `buurtwerk[redis]` (part of the dev extras); a typo would only show in
    # production otherwise.
    from django.utils.module_loading import import_string

    backend = task_settings({"BUURTWERK_REDIS_URL": "redis://x"})["TASKS"]["default"]["BACKEND"]
    assert import_string(backend).__name__ == "RQBackend"


def test_a_redis_url_without_the_redis_extra_is_a_clear_error(monkeypatch) -> None:
    from buurtwerk.settings import services

    monkeypatch.setattr(services, "find_spec", lambda name: None)
    with pytest.raises(ImproperlyConfigured, match=r"installeer buurtwerk\[redis\]"):
        task_settings({"BUURTWERK_REDIS_URL": "redis://queue:6379/0"})


def test_the_cache_is_shared_in_redis_when_configured_and_per_process_otherwise() -> None:
    assert cache_settings({})["default"]["BACKEND"].endswith("LocMemCache")
    shared = cache_settings({"BUURTWERK_REDIS_URL": "redis://cache:6379/0"})["default"]
    assert shared["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert shared["LOCATION"] == "redis://cache:6379/0"


def test_no_replica_without_a_replica_url() -> None:
    assert replica_databases({}, POSTGRES, 60) == {}


def test_the_replica_mirrors_the_primary_in_tests() -> None:
    replica = replica_databases(
        {"DATABASE_REPLICA_URL": "postgres://reader@replica.internal:5432/buurtwerk"},
        POSTGRES,
        60,
    )["replica"]
    assert replica["HOST"] == "replica.internal"
    assert replica["USER"] == "reader"
    assert replica["CONN_MAX_AGE"] == 60
    assert replica["TEST"] == {"MIRROR": "default"}


def test_a_replica_of_another_database_kind_is_refused() -> None:
    with pytest.raises(ImproperlyConfigured, match="dezelfde soort database"):
        replica_databases({"DATABASE_REPLICA_URL": "postgres://r@h/b"}, SQLITE, 60)
