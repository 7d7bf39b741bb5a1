"""pip-audit over the installed packages, honest about what it could not check.

pip-audit says "No known vulnerabilities found" also when it could not look a single package
up (no network, or an index without the vulnerability data): every package is then "skipped".
This wrapper counts what was really checked and says so. Found vulnerabilities fail the run;
not being able to check does not (a build must work offline), unless BUURTWERK_REQUIRE_AUDIT=1.

    .venv/bin/python scripts/audit_dependencies.py [extra pip-audit arguments]
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

# Our own package is installed from the source tree and is never in the advisory database.
OWN_PACKAGES = frozenset({"buurtwerk"})
FOUND = 1
NOT_CHECKED = 3


def _not_checked(reason: str) -> tuple[str, int]:
    strict = os.environ.get("BUURTWERK_REQUIRE_AUDIT") == "1"
    message = (
        "LET OP: NIET GECONTROLEERD op bekende kwetsbaarheden: "
        f"{reason}. Dit is geen uitslag 'geen kwetsbaarheden'."
    )
    return message, NOT_CHECKED if strict else 0


def summarise(returncode: int, stdout: str, stderr: str) -> tuple[str, int]:
    """The message to show and the exit code, from one pip-audit run with --format json."""
    try:
        report: Any = json.loads(stdout)
    except ValueError:
        report = None
    if not isinstance(report, dict) or not isinstance(report.get("dependencies"), list):
        lines = [line for line in stderr.strip().splitlines() if line.strip()]
        cause = lines[-1][:300] if lines else f"pip-audit stopte met code {returncode}"
        return _not_checked(f"de database met kwetsbaarheden was niet bereikbaar ({cause})")
    dependencies = [
        item
        for item in report["dependencies"]
        if isinstance(item, dict) and str(item.get("name", "")).lower() not in OWN_PACKAGES
    ]
    checked = [item for item in dependencies if "skip_reason" not in item]
    skipped = sorted(str(item.get("name")) for item in dependencies if "skip_reason" in item)
    vulnerable = [item for item in checked if item.get("vulns")]
    if vulnerable:
        lines = [
            f"- {item['name']} {item.get('version', '')}: "
            + ", ".join(str(v.get("id")) for v in item["vulns"])
            for item in vulnerable
        ]
        return "Bekende kwetsbaarheden gevonden:\n" + "\n".join(lines), FOUND
    total = len(dependencies)
    if not checked:
        return _not_checked(f"0 van {total} pakketten konden worden opgezocht")
    if skipped:
        return (
            f"Geen bekende kwetsbaarheden in {len(checked)} van {total} pakketten; niet "
            f"gecontroleerd: {', '.join(skipped)}.",
            0,
        )
    return f"Geen bekende kwetsbaarheden ({total} van {total} pakketten gecontroleerd).", 0


def main(arguments: list[str]) -> int:
    command = [sys.executable, "-m", "pip_audit", "--format", "json", "--progress-spinner", "off"]
    try:
        result = subprocess.run(  # noqa: S603 - our own interpreter, fixed module
            [*command, *arguments], capture_output=True, text=True, timeout=600, check=False
        )
    except subprocess.TimeoutExpired:
        message, code = _not_checked("pip-audit kreeg na 10 minuten geen antwoord")
    else:
        if "No module named pip_audit" in result.stderr:
            message, code = _not_checked("pip-audit is niet geïnstalleerd (extra 'dev')")
        else:
            message, code = summarise(result.returncode, result.stdout, result.stderr)
    print(message, file=sys.stderr if code else sys.stdout)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
