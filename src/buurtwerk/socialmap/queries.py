"""Reads of the social map and the vraagbaak, scoped to the asking user.

The map is loaded once per process into a `LoadedMap` (the HSDS snapshot and the search index
built from it) and kept until the map changes: every change raises the map revision, and the
next read sees the new revision and rebuilds. Searching a question then costs no database
query beyond reading the revision.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from buurtwerk.core.auditing import Purpose
from buurtwerk.core.permissions import Action, require, scope
from buurtwerk.people.models import Municipality, Neighbourhood

from .engine import Alert, SearchIndex, docs_from_hsds
from .engine.danger import LINES_BY_ID
from .interchange import MapSnapshot, current_revision_token, without_personal_data
from .learning import learned_for
from .models import (
    Escalation,
    LearnedTerm,
    Organization,
    Referral,
    Service,
    UnansweredSearch,
)

# Below this score the best answer is too weak to trust: the question is a gap in the map.
WEAK_SCORE = 5.0
DEFAULT_RESULTS = 5


@dataclass
class LoadedMap:
    """The map as the vraagbaak and the API read it, built for one revision."""

    token: str
    snapshot: MapSnapshot
    services: dict[str, dict[str, Any]]
    index: SearchIndex


@dataclass(frozen=True)
class Answer:
    """One service found for a question, with why it matched."""

    service: dict[str, Any]
    score: float
    why: str

    @property
    def service_id(self) -> str:
        return str(self.service["id"])

    @property
    def is_national(self) -> bool:
        """A national helpline the vraagbaak always knows, not a service on the map."""
        return self.service_id in LINES_BY_ID


@dataclass
class _Cache:
    lock: threading.Lock = field(default_factory=threading.Lock)
    loaded: LoadedMap | None = None


_CACHE = _Cache()


def load_map() -> LoadedMap:
    """The current map and its search index; rebuilt only when the map has changed."""
    token = current_revision_token()
    loaded = _CACHE.loaded
    if loaded is not None and loaded.token == token:
        return loaded
    with _CACHE.lock:
        if _CACHE.loaded is None or _CACHE.loaded.token != token:
            snapshot = MapSnapshot()
            services = {service["id"]: service for service in snapshot.services()}
            active = [s for s in services.values() if s.get("status") == "active"]
            _CACHE.loaded = LoadedMap(
                token=token,
                snapshot=snapshot,
                services=services,
                index=SearchIndex.build(docs_from_hsds(active)),
            )
        return _CACHE.loaded


def answer(
    question: str, k: int = DEFAULT_RESULTS, municipality: Municipality | None = None
) -> list[Answer]:
    """The best services for a resident's question, best first (no permission check).

    What referrals taught counts for the given municipality, or for all when none is given.
    """
    loaded = load_map()
    learned = learned_for(municipality, loaded.index.query_terms(question))
    answers = []
    for hit in loaded.index.search(question, k=k, learned=learned):
        line = LINES_BY_ID.get(hit.service_id)
        service = line.hsds() if line else loaded.services.get(hit.service_id)
        if service is not None:
            answers.append(Answer(service, hit.score, hit.why))
    return answers


def alerts(question: str) -> list[Alert]:
    """Signals of danger in a question, with the note for the volunteer."""
    return load_map().index.alerts(question)


def municipality_for(user: Any) -> Municipality | None:
    """The municipality a user works in, when all of their neighbourhoods lie in one."""
    ids = set(
        Neighbourhood.objects.filter(id__in=user.neighbourhood_ids()).values_list(
            "district__municipality_id", flat=True
        )
    )
    return Municipality.objects.filter(pk=ids.pop()).first() if len(ids) == 1 else None


def is_gap(answers: list[Answer]) -> bool:
    return not answers or answers[0].score < WEAK_SCORE


def ask(user: Any, question: str, k: int = DEFAULT_RESULTS) -> list[Answer]:
    """The vraagbaak for a signed-in user: any role may search the map."""
    require(user, Action.VIEW, Service, purpose=Purpose.QUESTION_BOX)
    return answer(question, k, municipality_for(user))


def hsds_services(search: str = "", k: int = DEFAULT_RESULTS) -> list[dict[str, Any]]:
    """Every service in HSDS shape, or the `k` best for `search`, from one read of the map.

    Contact persons are still in: page first, then pass the page through `readable`.
    """
    if search:
        return [found.service for found in answer(search, k=k)]
    return list(load_map().services.values())


def readable(services: list[dict[str, Any]], *, public: bool) -> list[dict[str, Any]]:
    """Services as this reader may see them; for the public without contact persons."""
    return [without_personal_data(s) for s in services] if public else services


def hsds_service(service_id: str, *, public: bool) -> dict[str, Any]:
    service = load_map().services.get(service_id)
    if service is None:
        raise Http404("Dienst niet gevonden")
    return without_personal_data(service) if public else service


def services_visible_to(user: Any, *, search: str = "") -> QuerySet[Service]:
    services = scope(user, Service.objects.select_related("organization"))
    if search:
        services = services.filter(
            Q(name__icontains=search)
            | Q(alternate_name__icontains=search)
            | Q(organization__name__icontains=search)
        )
    return services.order_by("name")


def _one_in_scope(user: Any, queryset: QuerySet[Any], pk: Any, action: Action) -> Any:
    """One record the user may act on; 404 (not 403) for anything out of reach."""
    found = scope(user, queryset, action).filter(pk=pk).first()
    if found is None:
        raise Http404(f"{queryset.model._meta.verbose_name} niet gevonden")
    return found


def get_service_for(user: Any, pk: str, action: Action = Action.VIEW) -> Service:
    return _one_in_scope(user, Service.objects.all(), pk, action)


def organizations_for_choice(user: Any) -> QuerySet[Organization]:
    return scope(user, Organization.objects.all()).order_by("name")


def open_escalations_for(user: Any) -> QuerySet[Escalation]:
    """Questions from volunteers that still wait for this buurtwerker's team."""
    return (
        scope(user, Escalation.objects.select_related("asked_by", "neighbourhood"))
        .filter(handled_at__isnull=True)
        .exclude(asked_by=user)
    )


def escalations_visible_to(user: Any) -> QuerySet[Escalation]:
    return scope(user, Escalation.objects.select_related("asked_by", "neighbourhood", "team"))


def get_escalation_for(user: Any, pk: int, action: Action = Action.VIEW) -> Escalation:
    return _one_in_scope(user, Escalation.objects.all(), pk, action)


def referrals_visible_to(user: Any) -> QuerySet[Referral]:
    return scope(
        user, Referral.objects.select_related("service", "referred_by", "neighbourhood")
    ).order_by("-created_at")


def get_referral_for(user: Any, pk: int, action: Action = Action.VIEW) -> Referral:
    return _one_in_scope(user, Referral.objects.all(), pk, action)


def learned_terms_visible_to(user: Any) -> QuerySet[LearnedTerm]:
    """What the vraagbaak learned from referrals in the user's municipalities."""
    return scope(user, LearnedTerm.objects.select_related("service", "municipality")).order_by(
        "service__name", "term"
    )


def get_learned_term_for(user: Any, pk: int, action: Action = Action.VIEW) -> LearnedTerm:
    return _one_in_scope(user, LearnedTerm.objects.all(), pk, action)


@dataclass(frozen=True)
class TopicCount:
    neighbourhood: str
    topic: str
    referrals: int
    helped: int


def topics_per_neighbourhood(user: Any, *, days: int = 365) -> list[TopicCount]:
    """Most asked topics per neighbourhood: the theme of the service people were sent to."""
    since = timezone.now() - timedelta(days=days)
    rows = (
        referrals_visible_to(user)
        .filter(created_at__gte=since)
        .values("neighbourhood__name", "topic")
        .annotate(
            referrals=Count("id"), helped=Count("id", filter=Q(outcome=Referral.Outcome.HELPED))
        )
        .order_by("neighbourhood__name", "-referrals", "topic")
    )
    return [
        TopicCount(
            neighbourhood=row["neighbourhood__name"] or "",
            topic=row["topic"] or "",
            referrals=row["referrals"],
            helped=row["helped"],
        )
        for row in rows
    ]


@dataclass(frozen=True)
class Gap:
    """A question the map could not answer, from an escalation or a weak search."""

    question: str
    source: str
    neighbourhood: str
    at: Any


def gaps_visible_to(user: Any, *, days: int = 365, limit: int = 100) -> list[Gap]:
    """Questions the map could not answer: escalations and searches without a good result."""
    since = timezone.now() - timedelta(days=days)
    gaps = [
        Gap(e.question, "escalation", e.neighbourhood.name if e.neighbourhood else "", e.created_at)
        for e in escalations_visible_to(user).filter(created_at__gte=since)[:limit]
    ]
    searches = scope(user, UnansweredSearch.objects.select_related("neighbourhood"))
    gaps += [
        Gap(s.question, "search", s.neighbourhood.name if s.neighbourhood else "", s.asked_at)
        for s in searches.filter(asked_at__gte=since)[:limit]
    ]
    return sorted(gaps, key=lambda gap: gap.at, reverse=True)[:limit]
