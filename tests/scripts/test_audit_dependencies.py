"""The dependency audit says when it could not check, instead of reporting nothing found."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "audit_dependencies.py"
_spec = importlib.util.spec_from_file_location("audit_dependencies", SCRIPT)
assert _spec and _spec.loader
audit = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(audit)


def _report(*dependencies: dict) -> str:
    return json.dumps({"dependencies": list(dependencies), "fixes": []})


def test_every_package_skipped_is_not_checked_rather_than_safe(monkeypatch) -> None:
    monkeypatch.delenv("BUURTWERK_REQUIRE_AUDIT", raising=False)
    skipped = [
        {"name": name, "skip_reason": f"Dependency not found on PyPI: {name}"}
        for name in ("django", "numpy", "buurtwerk")
    ]
    message, code = audit.summarise(0, _report(*skipped), "No known vulnerabilities found")
    assert "NIET GECONTROLEERD" in message and "0 van 2" in message
    assert "Geen bekende kwetsbaarheden" not in message and code == 0


def test_not_being_able_to_check_fails_when_required(monkeypatch) -> None:
    monkeypatch.setenv("BUURTWERK_REQUIRE_AUDIT", "1")
    _message, code = audit.summarise(1, "", "requests.exceptions.ConnectionError: refused")
    assert code == audit.NOT_CHECKED


def test_a_known_vulnerability_fails_the_run() -> None:
    report = _report(
        {"name": "django", "version": "6.0.0", "vulns": [{"id": "PYSEC-2026-1"}]},
        {"name": "numpy", "version": "2.0", "vulns": []},
    )
    message, code = audit.summarise(1, report, "")
    assert code == audit.FOUND and "django 6.0.0: PYSEC-2026-1" in message


def test_a_full_check_without_findings_says_how_much_was_checked() -> None:
    report = _report(
        {"name": "django", "version": "6.0.0", "vulns": []},
        {"name": "numpy", "version": "2.0", "vulns": []},
        {"name": "buurtwerk", "skip_reason": "not on PyPI"},
    )
    assert audit.summarise(0, report, "") == (
        "Geen bekende kwetsbaarheden (2 van 2 pakketten gecontroleerd).",
        0,
    )


def test_without_a_network_the_audit_says_it_could_not_check(tmp_path) -> None:
    pytest.importorskip("pip_audit")
    unreachable = "http://127.0.0.1:9"  # the discard port: every connection is refused
    env = {
        **os.environ,
        "HTTPS_PROXY": unreachable,
        "HTTP_PROXY": unreachable,
        "https_proxy": unreachable,
        "http_proxy": unreachable,
        "NO_PROXY": "",
    }
    env.pop("BUURTWERK_REQUIRE_AUDIT", None)
    result = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, str(SCRIPT), "--cache-dir", str(tmp_path / "cache")],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0
    assert "NIET GECONTROLEERD" in output and "niet bereikbaar" in output
    assert "Geen bekende kwetsbaarheden" not in output
