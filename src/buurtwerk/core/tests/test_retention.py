import pytest
from django.core.management import call_command
from django.utils import timezone

from buurtwerk.audit.models import AuditEntry
from buurtwerk.core import retention


@pytest.fixture
def counting_rule(monkeypatch):
    calls = []

    def apply(now, dry_run):
        calls.append(dry_run)
        return 3

    rule = retention.RetentionRule("test-rule", "testregel", apply)
    # Only this rule: the registered rules of the apps need a database, this test does not.
    monkeypatch.setattr(retention, "_RULES", {rule.name: rule})
    return calls


@pytest.mark.django_db
def test_run_retention_applies_every_rule(counting_rule) -> None:
    assert retention.run_retention(timezone.now())["test-rule"] == 3
    assert counting_rule == [False]


@pytest.mark.django_db
def test_retention_command_reports_and_audits(counting_rule, capsys) -> None:
    call_command("retention")
    assert "test-rule: 3" in capsys.readouterr().out
    assert AuditEntry.objects.filter(purpose="bewaartermijnen toegepast").exists()


@pytest.mark.django_db
def test_dry_run_changes_nothing_and_writes_no_audit_entry(counting_rule) -> None:
    call_command("retention", "--dry-run")
    assert counting_rule == [True]
    assert not AuditEntry.objects.filter(purpose="bewaartermijnen toegepast").exists()
