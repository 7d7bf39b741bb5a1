"""The vraagbaak through the Django layer, on the small Testdorp map."""

import json

import pytest
from django.core.management import call_command

from buurtwerk.socialmap import queries
from buurtwerk.socialmap.actions import do_update_service
from buurtwerk.socialmap.models import Service

from .factories import load_testdorp

pytestmark = pytest.mark.django_db


def _ids(question: str) -> list[str]:
    return [answer.service_id for answer in queries.answer(question)]


def test_everyday_words_find_the_formal_service() -> None:
    load_testdorp()
    assert _ids("ik krijg steeds aanmaningen en heb schulden")[0] == "svc-schuld"
    assert _ids("wie kan mijn heg snoeien, ik ben 84")[0] == "svc-tuin"


def test_a_service_that_is_no_longer_active_is_never_suggested() -> None:
    load_testdorp()
    assert "svc-oud" not in _ids("kleine reparaties en lampen ophangen in huis")


def test_the_cached_index_is_rebuilt_when_a_service_changes(personas) -> None:
    load_testdorp()
    assert "svc-taal" not in _ids("schaken")
    built = queries.load_map()
    assert queries.load_map() is built
    taal = Service.objects.get(pk="svc-taal")
    do_update_service(
        taal,
        {"name": "Taal- en schaakcafé", "status": "active", "description": "Schaken en praten."},
        personas.fatima,
    )
    assert queries.load_map() is not built
    assert _ids("schaken")[0] == "svc-taal"


def test_ask_prints_hsds_ids_scores_and_why_as_json(capsys) -> None:
    load_testdorp()
    call_command("ask", "hulp bij schulden", "--json")
    results = json.loads(capsys.readouterr().out)["results"]
    assert results[0]["service"] == "svc-schuld"
    assert results[0]["score"] > 0 and results[0]["why"]


def test_ask_batch_answers_one_line_per_question(tmp_path, capsys) -> None:
    load_testdorp()
    questions = tmp_path / "vragen.jsonl"
    questions.write_text(
        '{"id": "a", "vraag": "schulden"}\n\n{"id": 7, "vraag": "Nederlands oefenen"}\n'
    )
    call_command("ask", "--json", "--batch", str(questions))
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line["id"] for line in lines] == ["a", 7]
    assert lines[0]["results"][0]["service"] == "svc-schuld"
    assert lines[1]["results"][0]["service"] == "svc-taal"
