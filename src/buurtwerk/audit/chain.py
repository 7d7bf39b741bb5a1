"""The key of the audit chain, and the head of the chain kept outside the audit table.

Entries are sealed with HMAC-SHA256 under BUURTWERK_AUDIT_KEY, a key that lives outside the
database: someone who can write to the database cannot recompute a changed chain. What the
chain alone cannot show is a cut-off tail (the remaining entries still link up). So the head
(number of entries written, last id and hash) is written, signed, to places outside the table:
every backup header, and a checkpoint file refreshed by the worker every hour and by
`buurtwerk audit_verify --checkpoint`. Checking compares the table with the latest of these.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from django.conf import settings

# Entries written before the chain was keyed: plain SHA-256, still verifiable, and sealed by
# the first keyed entry after them.
UNKEYED = 1
KEYED = 2


def audit_key() -> bytes:
    """BUURTWERK_AUDIT_KEY; outside production, derived from SECRET_KEY when it is not set."""
    configured = str(getattr(settings, "BUURTWERK_AUDIT_KEY", "") or "")
    if configured:
        return configured.encode()
    return hmac.new(settings.SECRET_KEY.encode(), b"buurtwerk-audit-chain", "sha256").digest()


def seal(text: str, version: int = KEYED) -> str:
    if version == UNKEYED:
        return hashlib.sha256(text.encode("utf-8")).hexdigest()
    return hmac.new(audit_key(), text.encode("utf-8"), hashlib.sha256).hexdigest()


def sealed(text: str, signature: str, version: int = KEYED) -> bool:
    return hmac.compare_digest(seal(text, version), signature)


@dataclass(frozen=True)
class Head:
    """Where the chain stood: entries written in all (pruned ones included), last id and hash."""

    written: int
    last_id: int
    last_hash: str

    def text(self) -> str:
        return f"audit-head:{self.written}:{self.last_id}:{self.last_hash}"

    def signed(self) -> dict[str, Any]:
        return {**asdict(self), "signature": seal(self.text())}

    @classmethod
    def from_signed(cls, data: Any) -> Head | None:
        """The head in `data`, or None when it is missing, malformed or not signed with our key."""
        if not isinstance(data, dict):
            return None
        try:
            head = cls(int(data["written"]), int(data["last_id"]), str(data["last_hash"]))
        except (KeyError, TypeError, ValueError):
            return None
        return head if sealed(head.text(), str(data.get("signature", ""))) else None


def checkpoint_path() -> Path:
    return Path(settings.BUURTWERK_AUDIT_CHECKPOINT)


def write_checkpoint(head: Head, path: Path | None = None) -> Path:
    """Write the signed head to the checkpoint file (mode 0600), replacing it in one step."""
    path = path or checkpoint_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as out:
        json.dump(head.signed(), out)
    os.replace(temporary, path)
    return path


def read_checkpoint(path: Path | None = None) -> tuple[Head | None, bool]:
    """(head, present): a file that exists but is not validly signed gives (None, True)."""
    path = path or checkpoint_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None, False
    except (OSError, ValueError):
        return None, True
    return Head.from_signed(data), True
