"""The social map's part in residents' rights and in the retention rules.

The map itself holds no resident data. Referrals may name a resident; questions typed by
volunteers may, against the advice on the page, contain personal details. So the question
texts are kept for a year (long enough for the report and the follow-up) and then blanked,
keeping the topic, the neighbourhood and the outcome for the statistics.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db import transaction

from buurtwerk.core.privacy import scrub_free_text

from .models import Escalation, Referral, UnansweredSearch

QUESTION_RETENTION = timedelta(days=365)
ERASED_QUESTION = ""


def export_resident(resident: Any, viewer: Any) -> dict[str, Any]:
    """Everything the social map holds about one resident: the referrals made for them."""
    referrals = Referral.objects.filter(resident=resident).select_related("service")
    return {
        "referrals": [
            {
                "date": referral.created_at.isoformat(),
                "question": referral.question,
                "service": referral.service.name if referral.service_id else "",
                "outcome": referral.outcome,
            }
            for referral in referrals.order_by("created_at")
        ]
    }


def erase_resident(resident: Any) -> int:
    """Unlink the resident from referrals and blank the question; the counts stay. Questions
    that name them without a link (asked for them, or in the question box) lose their name,
    phone number and e-mail address."""
    touched = Referral.objects.filter(resident=resident).update(
        resident=None, question=ERASED_QUESTION
    )
    for model in (Referral, Escalation, UnansweredSearch):
        touched += scrub_free_text(resident, model.objects.all(), ["question"])
    return touched


def apply_question_retention(now: datetime, dry_run: bool) -> int:
    """Blank questions older than a year; remove old searches without a good answer."""
    before = now - QUESTION_RETENTION
    referrals = Referral.objects.filter(created_at__lt=before).exclude(question=ERASED_QUESTION)
    escalations = Escalation.objects.filter(created_at__lt=before).exclude(question=ERASED_QUESTION)
    searches = UnansweredSearch.objects.filter(asked_at__lt=before)
    if dry_run:
        return referrals.count() + escalations.count() + searches.count()
    with transaction.atomic():
        count = referrals.update(question=ERASED_QUESTION, resident=None)
        count += escalations.update(question=ERASED_QUESTION)
        count += searches.delete()[0]
    return count
