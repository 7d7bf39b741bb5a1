"""The demo neighbourhood gets signals, contacts, a case and a past meeting, and can be reset."""

from __future__ import annotations

import pytest

from buurtwerk.casework.models import Case, Contact, Meeting, Signal
from buurtwerk.core.demo import build_demo, remove_demo

pytestmark = pytest.mark.django_db


def test_demo_builds_casework_data_and_removes_it_again() -> None:
    context = build_demo(seed=7)
    signals = context.objects["casework"]["signals"]
    assert {signal.route for signal in signals} == {"care", "liveability"}
    assert all(signal.team.kind == ("wijkteam" if signal.route == "care" else "area_team")
               for signal in signals)  # fmt: skip
    meeting = Meeting.objects.get()
    assert meeting.closed_at is not None and meeting.decisions.count() == 2
    assert Case.objects.get().signals.count() == 1
    contacts = Contact.objects.all()
    assert {c.purpose for c in contacts} == {"casework", "community"}
    remove_demo()
    for model in (Signal, Case, Meeting, Contact):
        assert not model.objects.exists()
