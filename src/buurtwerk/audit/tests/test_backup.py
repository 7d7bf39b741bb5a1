"""Backup and restore: a full round trip gives back exactly the same rows, on either database."""

from __future__ import annotations

import gzip
import json

import pytest
from django.core import serializers
from django.core.management import call_command
from django.core.management.base import CommandError

from buurtwerk.accounts.tests.factories import confirmed_device
from buurtwerk.audit.backup import backup_models
from buurtwerk.audit.log import record, verify_chain
from buurtwerk.audit.models import AuditEntry
from buurtwerk.core.testing import ResidentFactory, make_personas
from buurtwerk.people import actions
from buurtwerk.people.models import Relation, Resident

pytestmark = pytest.mark.django_db(transaction=True)


def _snapshot() -> list[dict]:
    rows = []
    for model in backup_models():
        rows += json.loads(serializers.serialize("json", model._base_manager.order_by("pk")))
    return rows


@pytest.fixture
def populated():
    personas = make_personas()
    confirmed_device(personas.fatima)
    actions.do_update_resident(personas.jan, {"phone": "06-87654321"}, personas.fatima)
    Relation.objects.create(
        resident=personas.jan, other_resident=personas.marie, kind=Relation.Kind.NEIGHBOUR
    )
    record(personas.ingrid, "view", personas.jan, purpose="test")
    return personas


def test_round_trip_restores_every_row_exactly(populated, tmp_path) -> None:
    target = tmp_path / "backup.jsonl.gz"
    call_command("backup", str(target))
    assert oct(target.stat().st_mode & 0o777) == "0o600"
    before = _snapshot()
    actions.do_erase_resident(populated.jan, populated.ingrid)
    ResidentFactory(name="Na de backup", neighbourhood=populated.north)
    assert _snapshot() != before

    call_command("restore", str(target), "--yes")
    after = _snapshot()
    restore_entry = [row for row in after if row["fields"].get("purpose") == "backup teruggezet"]
    assert len(restore_entry) == 1
    assert [row for row in after if row not in restore_entry] == before
    assert verify_chain() == []


def test_restored_database_hands_out_new_ids_after_the_old_ones(populated, tmp_path) -> None:
    target = tmp_path / "backup.jsonl.gz"
    call_command("backup", str(target))
    highest = Resident.objects.order_by("-pk").first().pk
    call_command("restore", str(target), "--yes")
    assert ResidentFactory(neighbourhood=populated.north).pk > highest


def test_a_backup_from_another_schema_version_is_refused(populated, tmp_path) -> None:
    target = tmp_path / "backup.jsonl.gz"
    call_command("backup", str(target))
    with gzip.open(target, "rt") as stream:
        lines = stream.readlines()
    header = json.loads(lines[0])
    header["migrations"]["people"].append("9999_from_the_future")
    with gzip.open(target, "wt") as stream:
        stream.writelines([json.dumps(header) + "\n", *lines[1:]])
    residents = Resident.objects.count()
    with pytest.raises(CommandError, match="andere versie"):
        call_command("restore", str(target), "--yes")
    assert Resident.objects.count() == residents


def test_a_tampered_audit_log_in_the_backup_changes_nothing(populated, tmp_path) -> None:
    target = tmp_path / "backup.jsonl.gz"
    call_command("backup", str(target))
    with gzip.open(target, "rt") as stream:
        lines = stream.readlines()
    tampered = [
        line.replace('"purpose": "test"', '"purpose": "verborgen"')
        if '"audit.auditentry"' in line
        else line
        for line in lines
    ]
    assert tampered != lines
    with gzip.open(target, "wt") as stream:
        stream.writelines(tampered)
    ResidentFactory(name="Blijft staan", neighbourhood=populated.north)
    with pytest.raises(CommandError, match="aangetast"):
        call_command("restore", str(target), "--yes")
    assert Resident.objects.filter(name="Blijft staan").exists()
    assert AuditEntry.objects.filter(purpose="test").exists()


def test_a_file_that_is_no_backup_is_refused(tmp_path, db) -> None:
    target = tmp_path / "iets.json"
    target.write_text('{"hello": "world"}\n')
    with pytest.raises(CommandError, match="geen Buurtwerk-backup"):
        call_command("restore", str(target), "--yes")


def _rewrite(target, change) -> None:
    with gzip.open(target, "rt") as stream:
        lines = stream.readlines()
    changed = change(lines)
    assert changed != lines
    with gzip.open(target, "wt") as stream:
        stream.writelines(changed)


def _refused(target, match: str) -> None:
    residents = sorted(Resident.objects.values_list("pk", "name"))
    ResidentFactory(name="Blijft staan")
    with pytest.raises(CommandError, match=match) as refusal:
        call_command("restore", str(target), "--yes")
    assert "Traceback" not in str(refusal.value) and "niets veranderd" in str(refusal.value)
    assert Resident.objects.filter(name="Blijft staan").exists()
    assert len(residents) + 1 == Resident.objects.count()


def test_a_backup_that_lost_every_row_of_one_model_is_refused(populated, tmp_path) -> None:
    target = tmp_path / "backup.jsonl.gz"
    call_command("backup", str(target))
    _rewrite(target, lambda lines: [ln for ln in lines if '"model": "people.consent"' not in ln])
    _refused(target, r"people\.consent: \d+ in de backup, 0 teruggezet")


def test_a_truncated_backup_is_refused_with_a_clear_message(populated, tmp_path) -> None:
    target = tmp_path / "backup.jsonl.gz"
    call_command("backup", str(target))
    data = target.read_bytes()
    target.write_bytes(data[: len(data) * 2 // 3])
    _refused(target, "afgebroken of beschadigd")


def _change_rows(model: str, matches: str, change):
    """A rewrite that applies `change` to the fields of each row of `model` containing `matches`."""

    def rewrite(lines):
        out = []
        for line in lines:
            if f'"model": "{model}"' in line and matches in line:
                row = json.loads(line)
                change(row["fields"])
                line = json.dumps(row) + "\n"
            out.append(line)
        return out

    return rewrite


def test_a_backup_with_a_dangling_reference_is_refused(populated, tmp_path) -> None:
    target = tmp_path / "backup.jsonl.gz"
    call_command("backup", str(target))
    _rewrite(target, _change_rows("people.relation", "", lambda f: f.update(other_resident=987654)))
    _refused(target, "verwijst naar rijen die er niet in staan")


def test_a_backup_with_a_nul_character_is_refused(populated, tmp_path) -> None:
    target = tmp_path / "backup.jsonl.gz"
    call_command("backup", str(target))
    _rewrite(target, _change_rows("people.resident", "Jan", lambda f: f.update(name="Jan\x00")))
    _refused(target, "NUL-teken")


def test_a_backup_holds_no_api_token_and_no_two_factor_secret(populated, tmp_path) -> None:
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=populated.henk)
    secret = TOTPDevice.objects.get(user=populated.fatima).key
    target = tmp_path / "backup.jsonl.gz"
    call_command("backup", str(target))
    with gzip.open(target, "rt") as stream:
        text = stream.read()
    assert token.key not in text and secret not in text
    assert "authtoken.token" not in text and "otp_totp.totpdevice" not in text

    call_command("restore", str(target), "--yes")
    assert not Token.objects.exists() and not TOTPDevice.objects.exists()


def test_a_backup_whose_audit_tail_was_cut_with_matching_counts_is_refused(
    populated, tmp_path
) -> None:
    target = tmp_path / "backup.jsonl.gz"
    call_command("backup", str(target))

    def cut_tail(lines):
        header = json.loads(lines[0])
        audit = [n for n, line in enumerate(lines) if '"model": "audit.auditentry"' in line]
        header["counts"]["audit.auditentry"] -= 1
        kept = [line for n, line in enumerate(lines[1:], start=1) if n != audit[-1]]
        return [json.dumps(header) + "\n", *kept]

    _rewrite(target, cut_tail)
    _refused(target, "aangetast")


def test_a_backup_header_with_a_made_up_audit_head_is_refused(populated, tmp_path) -> None:
    target = tmp_path / "backup.jsonl.gz"
    call_command("backup", str(target))

    def fake_head(lines):
        header = json.loads(lines[0])
        header["audit"]["written"] -= 1
        return [json.dumps(header) + "\n", *lines[1:]]

    _rewrite(target, fake_head)
    _refused(target, "niet ondertekend")
