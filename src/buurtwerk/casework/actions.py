"""Changes to signals, cases, contacts and meetings.

Each action checks permission, runs atomically and writes the audit log (field names, never
values). Views, the API and commands call these functions; none of them saves a model itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from buurtwerk.audit.log import record, record_denied
from buurtwerk.audit.models import AuditVerb
from buurtwerk.core.permissions import Action, can, require
from buurtwerk.core.rest import NOT_FOUND
from buurtwerk.people.models import Neighbourhood, Organisation, Resident, Team
from buurtwerk.people.queries import neighbourhoods_visible_to, residents_visible_to

from .engine import status_flow
from .engine.routing import RuleSpec, SignalFacts, route_signal
from .engine.text_checks import personal_data_found
from .models import (
    ROUTE_TEAM_KIND,
    TEAM_KIND_ROUTE,
    AgendaItem,
    Case,
    CaseGoal,
    CaseLink,
    CaseParticipant,
    Contact,
    Decision,
    FollowUp,
    Meeting,
    Route,
    RoutingRule,
    Signal,
    SignalCategory,
    SignalTransition,
)
from .permissions import is_team_member_for, team_ids, team_members

# Teams receive the signals of their own kind in their neighbourhoods when no explicit rule
# says otherwise; explicit rules always come first.
DEFAULT_RULE_PRIORITY = 1_000_000
PERSONAL_DATA_LABELS = {
    "email": _lazy("een e-mailadres"),
    "phone": _lazy("een telefoonnummer"),
    "bsn": _lazy("een burgerservicenummer"),
    "name": _lazy("een naam"),
    "health": _lazy("iets over gezondheid"),
}
# Quoting these back helps the reporter find them; numbers and addresses are not repeated.
QUOTED_KINDS = ("name", "health")


def _refuse_personal_data(
    field: str, text: str, hint: str = "", *, full_names: bool = True
) -> None:
    """Refuse text for area partners' eyes that names, reaches or diagnoses someone."""
    found = personal_data_found(text, full_names=full_names)
    if not found:
        return
    parts = []
    for kind in dict.fromkeys(finding.kind for finding in found):
        label = str(PERSONAL_DATA_LABELS[kind])
        if kind in QUOTED_KINDS:
            quoted = dict.fromkeys(f"“{f.text}”" for f in found if f.kind == kind)
            label += f" ({', '.join(quoted)})"
        parts.append(label)
    message = _(
        "Laat persoonsgegevens weg: partners in de buurt lezen deze tekst mee. Wij zagen %(wat)s."
    ) % {"wat": ", ".join(parts)}
    raise ValidationError({field: f"{message} {hint}".strip()})


# Signals -------------------------------------------------------------------------------------


def routing_rules() -> list[RuleSpec]:
    """Active explicit rules, then one default rule per team, neighbourhood and route.

    An explicit rule never reaches past its team: a rule without a category takes only the
    route the team works on, and every rule stays inside the team's municipality.
    """
    rules = [
        RuleSpec(
            team_id=rule.team_id,
            priority=rule.priority,
            order=rule.pk,
            category=rule.category.code if rule.category else None,
            # A team of another kind (a community centre) receives no signals at all.
            route=None if rule.category else TEAM_KIND_ROUTE.get(rule.team.kind, ""),
            neighbourhood_id=rule.neighbourhood_id,
            municipality_id=rule.team.municipality_id,
        )
        for rule in RoutingRule.objects.filter(active=True).select_related("category", "team")
    ]
    coverage = Team.neighbourhoods.through.objects.select_related("team").order_by("team_id")
    for link in coverage:
        for route, kind in ROUTE_TEAM_KIND.items():
            if link.team.kind == kind:
                rules.append(
                    RuleSpec(
                        team_id=link.team_id,
                        priority=DEFAULT_RULE_PRIORITY,
                        order=link.team_id,
                        route=route,
                        neighbourhood_id=link.neighbourhood_id,
                    )
                )
    return rules


def team_for(category: SignalCategory, neighbourhood: Neighbourhood) -> Team:
    facts = SignalFacts(
        category=category.code,
        route=category.route,
        neighbourhood_id=neighbourhood.pk,
        municipality_id=neighbourhood.district.municipality_id,
    )
    team_id = route_signal(facts, routing_rules())
    if team_id is None:
        raise ValidationError(
            {
                "neighbourhood": _(
                    "Er is nog geen team dat deze signalen in %(buurt)s ontvangt. Bel het "
                    "buurtteam of vraag de beheerder om een routeringsregel."
                )
                % {"buurt": neighbourhood.name}
            }
        )
    return Team.objects.get(pk=team_id)


def _check_resident_in_reach(resident: Resident | None, acting_user: Any) -> None:
    if (
        resident is not None
        and not residents_visible_to(acting_user).filter(pk=resident.pk).exists()
    ):
        raise ValidationError({"resident": NOT_FOUND})


def _add_transition(signal: Signal, from_status: str, acting_user: Any, reason: str = "") -> None:
    SignalTransition.objects.create(
        signal=signal,
        from_status=from_status,
        to_status=signal.status,
        by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
        reason=reason,
    )


def do_report_signal(data: Mapping[str, Any], acting_user: Any) -> Signal:
    """Record a signal in a few taps; routing decides which team receives it."""
    require(acting_user, Action.ADD, Signal, purpose="signaal melden")
    category: SignalCategory | None = data.get("category")
    if category is None or not category.active:
        raise ValidationError({"category": _("Kies wat voor signaal het is.")})
    neighbourhood: Neighbourhood | None = data.get("neighbourhood")
    if neighbourhood is None:
        raise ValidationError({"neighbourhood": _("Kies de buurt.")})
    if not neighbourhoods_visible_to(acting_user).filter(pk=neighbourhood.pk).exists():
        raise ValidationError({"neighbourhood": NOT_FOUND})
    resident: Resident | None = data.get("resident")
    _check_resident_in_reach(resident, acting_user)
    signal = Signal(
        description=(data.get("description") or "").strip(),
        category=category,
        route=category.route,
        neighbourhood=neighbourhood,
        address=(data.get("address") or "").strip(),
        lat=data.get("lat"),
        lon=data.get("lon"),
        resident=resident,
        about_person=bool(resident) or bool(data.get("about_person")),
        source=data.get("source") or Signal.Source.OWN_OBSERVATION,
        reporter=acting_user,
    )
    if (signal.lat is None) != (signal.lon is None):
        raise ValidationError({"lat": _("Vul breedtegraad en lengtegraad allebei in.")})
    if signal.route == Route.LIVEABILITY and not signal.about_person:
        hint = _("Gaat het om een bewoner? Kies die dan: dan leest alleen het team mee.")
        _refuse_personal_data("description", signal.description, hint)
        _refuse_personal_data("address", signal.address, hint, full_names=False)
    signal.team = team_for(category, neighbourhood)
    signal.full_clean(exclude=["reporter", "team"])
    with transaction.atomic():
        signal.save()
        _add_transition(signal, "", acting_user)
        record(
            acting_user,
            AuditVerb.CREATE,
            signal,
            purpose="signaal melden",
            fields=[name for name, value in data.items() if value not in (None, "")],
        )
    return signal


def do_report_public_signal(data: Mapping[str, Any]) -> Signal:
    """The public intake (Open311): liveability only, anonymous, never about a person."""
    category: SignalCategory | None = data.get("category")
    if category is None or not category.active or category.route != Route.LIVEABILITY:
        raise ValidationError(
            {"service_code": _("Deze soort melding bestaat niet of kan niet online.")}
        )
    description = (data.get("description") or "").strip()
    _refuse_personal_data("description", description)
    # Street names look like people's names ("Burgemeester Jansenstraat"): titles only here.
    _refuse_personal_data("address", data.get("address") or "", full_names=False)
    neighbourhood = data.get("neighbourhood")
    if neighbourhood is None:
        raise ValidationError({"neighbourhood": _("Kies de buurt.")})
    signal = Signal(
        description=description,
        category=category,
        route=Route.LIVEABILITY,
        neighbourhood=neighbourhood,
        address=(data.get("address") or "").strip(),
        lat=data.get("lat"),
        lon=data.get("lon"),
        source=Signal.Source.PUBLIC,
        team=team_for(category, neighbourhood),
    )
    signal.full_clean(exclude=["reporter", "team", "resident"])
    with transaction.atomic():
        signal.save()
        _add_transition(signal, "", None)
        record(None, AuditVerb.CREATE, signal, purpose="online melding", fields=list(data))
    return signal


def _require_team_member(signal: Signal, acting_user: Any, purpose: str) -> None:
    require(acting_user, Action.CHANGE, signal, purpose=purpose)
    if not is_team_member_for(acting_user, signal):
        # The reporter may follow the signal but not work on it.
        record_denied(acting_user, Action.CHANGE, signal, purpose=purpose)
        raise PermissionDenied(_("Alleen het ontvangende team kan dit signaal behandelen."))


def do_transition_signal(
    signal: Signal, target: str, acting_user: Any, *, reason: str = ""
) -> Signal:
    """Move a signal along the status flow; every step is kept in the history."""
    _require_team_member(signal, acting_user, "signaal status wijzigen")
    with transaction.atomic():
        current = Signal.objects.select_for_update().get(pk=signal.pk)
        if not status_flow.is_allowed(current.status, target):
            raise ValidationError(
                {
                    "status": _("Van '%(van)s' kan een signaal niet naar '%(naar)s'.")
                    % {
                        "van": current.get_status_display(),
                        "naar": dict(Signal.Status.choices).get(target, target),
                    }
                }
            )
        previous = current.status
        current.status = target
        current.closed_at = timezone.now() if target == Signal.Status.CLOSED else None
        current.save(update_fields=["status", "closed_at", "updated_at"])
        _add_transition(current, previous, acting_user, reason.strip()[:300])
        record(
            acting_user,
            AuditVerb.CHANGE,
            current,
            purpose="signaal heropenen"
            if status_flow.is_reopening(previous, target)
            else "signaal status wijzigen",
            fields=["status"],
        )
    return current


def do_assign_signal(signal: Signal, assignee: Any, acting_user: Any) -> Signal:
    """Give the signal to a member of the receiving team (or to nobody)."""
    _require_team_member(signal, acting_user, "signaal toewijzen")
    if assignee is not None and not team_members(signal.team).filter(pk=assignee.pk).exists():
        raise ValidationError({"assignee": _("Kies iemand uit het ontvangende team.")})
    with transaction.atomic():
        signal.assignee = assignee
        signal.save(update_fields=["assignee", "updated_at"])
        record(
            acting_user, AuditVerb.CHANGE, signal, purpose="signaal toewijzen", fields=["assignee"]
        )
    return signal


def do_update_signal_notes(signal: Signal, notes: str, acting_user: Any) -> Signal:
    _require_team_member(signal, acting_user, "signaal notities")
    with transaction.atomic():
        signal.notes = notes.strip()
        signal.save(update_fields=["notes", "updated_at"])
        record(acting_user, AuditVerb.CHANGE, signal, purpose="signaal notities", fields=["notes"])
    return signal


# Follow-up actions ---------------------------------------------------------------------------


def do_add_follow_up(
    acting_user: Any,
    *,
    description: str,
    due_on: date | None,
    team: Team | None = None,
    assignee: Any = None,
    signal: Signal | None = None,
    case: Case | None = None,
    decision: Decision | None = None,
) -> FollowUp:
    """Add an action with a due date to a signal, a case or a meeting decision."""
    require(acting_user, Action.ADD, FollowUp, purpose="actie toevoegen")
    if signal is not None:
        _require_team_member(signal, acting_user, "actie toevoegen")
        team = signal.team
    elif case is not None:
        require(acting_user, Action.CHANGE, case, purpose="actie toevoegen")
        team = case.team
    elif decision is not None:
        team = decision.meeting.team
    if team is None or team.pk not in team_ids(acting_user):
        raise PermissionDenied(_("U kunt alleen acties voor uw eigen team toevoegen."))
    errors: dict[str, str] = {}
    if not description.strip():
        errors["description"] = _("Schrijf op wat er moet gebeuren.")
    if due_on is None:
        errors["due_on"] = _("Kies een datum.")
    if assignee is not None and not team_members(team).filter(pk=assignee.pk).exists():
        errors["assignee"] = _("Kies iemand uit het team.")
    if errors:
        raise ValidationError(errors)
    assert due_on is not None
    with transaction.atomic():
        follow_up = FollowUp.objects.create(
            team=team,
            description=description.strip()[:300],
            due_on=due_on,
            assignee=assignee,
            signal=signal,
            case=case,
            decision=decision,
            created_by=acting_user,
        )
        record(
            acting_user,
            AuditVerb.CREATE,
            follow_up,
            purpose="actie toevoegen",
            fields=["description", "due_on", *(["assignee"] if assignee else [])],
        )
    return follow_up


def do_complete_follow_up(follow_up: FollowUp, acting_user: Any) -> FollowUp:
    require(acting_user, Action.CHANGE, follow_up, purpose="actie afronden")
    if follow_up.done_at is not None:
        raise ValidationError(_("Deze actie is al gedaan."))
    with transaction.atomic():
        follow_up.done_at = timezone.now()
        follow_up.save(update_fields=["done_at"])
        record(
            acting_user, AuditVerb.CHANGE, follow_up, purpose="actie afronden", fields=["done_at"]
        )
    return follow_up


# Routing rules -------------------------------------------------------------------------------


def do_save_routing_rule(
    data: Mapping[str, Any], acting_user: Any, *, rule: RoutingRule | None = None
) -> RoutingRule:
    """Create or change a routing rule; a teamleider only for the teams they lead."""
    if rule is None:
        require(acting_user, Action.ADD, RoutingRule, purpose="routering wijzigen")
        rule = RoutingRule()
    else:
        require(acting_user, Action.CHANGE, rule, purpose="routering wijzigen")
    team: Team | None = data.get("team", rule.team if rule.pk else None)
    if team is not None and acting_user.role != "admin" and team.pk not in team_ids(acting_user):
        raise ValidationError({"team": _("U kunt alleen regels maken voor uw eigen team.")})
    if team is not None and team.kind not in TEAM_KIND_ROUTE:
        raise ValidationError(
            {
                "team": _(
                    "Signalen gaan alleen naar een wijkteam of een gebiedsteam. Kies zo'n team."
                )
            }
        )
    neighbourhood: Neighbourhood | None = data.get("neighbourhood", rule.neighbourhood)
    if (
        team is not None
        and neighbourhood is not None
        and neighbourhood.district.municipality_id != team.municipality_id
    ):
        raise ValidationError({"neighbourhood": _("Kies een buurt in de gemeente van het team.")})
    category: SignalCategory | None = data.get("category", rule.category)
    if team is not None and category is not None and team.kind != ROUTE_TEAM_KIND[category.route]:
        raise ValidationError(
            {
                "team": _("Signalen '%(soort)s' horen bij een %(soort_team)s. Kies zo'n team.")
                % {
                    "soort": category.name,
                    "soort_team": Team.Kind(ROUTE_TEAM_KIND[category.route]).label,
                }
            }
        )
    for field_name in ("priority", "category", "neighbourhood", "team", "active"):
        if field_name in data:
            setattr(rule, field_name, data[field_name])
    rule.full_clean()
    with transaction.atomic():
        is_new = rule.pk is None
        rule.save()
        record(
            acting_user,
            AuditVerb.CREATE if is_new else AuditVerb.CHANGE,
            rule,
            purpose="routering wijzigen",
            fields=list(data),
        )
    return rule


def do_delete_routing_rule(rule: RoutingRule, acting_user: Any) -> None:
    require(acting_user, Action.DELETE, rule, purpose="routering wijzigen")
    with transaction.atomic():
        record(acting_user, AuditVerb.DELETE, rule, purpose="routering wijzigen")
        rule.delete()


# Cases ---------------------------------------------------------------------------------------

CASE_FIELDS = (
    "title", "household", "status", "confidentiality", "summary", "next_discussion_on",
    "coordinator",
)  # fmt: skip


def do_open_case(data: Mapping[str, Any], acting_user: Any) -> Case:
    """Open a case around one resident for one of the user's wijkteams."""
    require(acting_user, Action.ADD, Case, purpose="casus openen")
    resident: Resident | None = data.get("resident")
    if resident is None:
        raise ValidationError({"resident": _("Kies de bewoner om wie het gaat.")})
    _check_resident_in_reach(resident, acting_user)
    team: Team | None = data.get("team")
    if team is None or team.pk not in team_ids(acting_user) or team.kind != Team.Kind.WIJKTEAM:
        raise ValidationError({"team": _("Kies een wijkteam waar u zelf in zit.")})
    case = Case(
        resident=resident,
        team=team,
        created_by=acting_user,
        **{name: data[name] for name in CASE_FIELDS if data.get(name) not in (None, "")},
    )
    if case.coordinator is None:
        case.coordinator = acting_user
    case.full_clean(exclude=["created_by"])
    signals: Iterable[Signal] = data.get("signals") or []
    with transaction.atomic():
        case.save()
        CaseParticipant.objects.create(
            case=case, role=CaseParticipant.Role.RESIDENT, resident=resident
        )
        CaseParticipant.objects.create(
            case=case, role=CaseParticipant.Role.COORDINATOR, user=case.coordinator
        )
        record(acting_user, AuditVerb.CREATE, case, purpose="casus openen", fields=list(data))
        for signal in signals:
            _link_signal(case, signal, acting_user)
    return case


def do_update_case(case: Case, data: Mapping[str, Any], acting_user: Any) -> Case:
    require(acting_user, Action.CHANGE, case, purpose="casus wijzigen")
    with transaction.atomic():
        # Compare with the stored case: a bound form may already have changed `case` itself.
        current = Case.objects.select_for_update().get(pk=case.pk)
        changed = [
            name for name in CASE_FIELDS if name in data and getattr(current, name) != data[name]
        ]
        for name in changed:
            setattr(current, name, data[name])
        if "status" in changed:
            current.closed_at = timezone.now() if current.status == Case.Status.CLOSED else None
        current.full_clean(exclude=["created_by"])
        current.save()
        record(acting_user, AuditVerb.CHANGE, current, purpose="casus wijzigen", fields=changed)
    return current


def do_add_participant(case: Case, data: Mapping[str, Any], acting_user: Any) -> CaseParticipant:
    require(acting_user, Action.CHANGE, case, purpose="betrokkene toevoegen")
    participant = CaseParticipant(
        case=case,
        role=data.get("role") or "",
        user=data.get("user"),
        resident=data.get("resident"),
        name=(data.get("name") or "").strip(),
        note=(data.get("note") or "").strip(),
    )
    counterparts = [p for p in (participant.user, participant.resident, participant.name) if p]
    if len(counterparts) != 1:
        raise ValidationError(
            {"name": _("Kies een medewerker of een bewoner, of vul een naam in. Eén van de drie.")}
        )
    _check_resident_in_reach(participant.resident, acting_user)
    if participant.user is not None and not participant.user.teams.filter(pk=case.team_id).exists():
        raise ValidationError({"user": _("Kies iemand uit het team van de casus.")})
    participant.full_clean()
    with transaction.atomic():
        participant.save()
        record(
            acting_user,
            AuditVerb.CREATE,
            participant,
            purpose="betrokkene toevoegen",
            fields=[name for name in ("role", "user", "resident", "name") if data.get(name)],
        )
    return participant


def do_remove_participant(participant: CaseParticipant, acting_user: Any) -> None:
    require(acting_user, Action.CHANGE, participant.case, purpose="betrokkene verwijderen")
    with transaction.atomic():
        record(acting_user, AuditVerb.DELETE, participant, purpose="betrokkene verwijderen")
        participant.delete()


def do_add_goal(case: Case, description: str, acting_user: Any) -> CaseGoal:
    require(acting_user, Action.CHANGE, case, purpose="doel toevoegen")
    if not description.strip():
        raise ValidationError({"description": _("Schrijf het doel op.")})
    with transaction.atomic():
        goal = CaseGoal.objects.create(case=case, description=description.strip()[:300])
        record(
            acting_user, AuditVerb.CREATE, goal, purpose="doel toevoegen", fields=["description"]
        )
    return goal


def do_mark_goal_achieved(goal: CaseGoal, acting_user: Any) -> CaseGoal:
    require(acting_user, Action.CHANGE, goal.case, purpose="doel bereikt")
    with transaction.atomic():
        goal.achieved_at = timezone.now()
        goal.save(update_fields=["achieved_at"])
        record(acting_user, AuditVerb.CHANGE, goal, purpose="doel bereikt", fields=["achieved_at"])
    return goal


def _link_signal(case: Case, signal: Signal, acting_user: Any) -> None:
    if not is_team_member_for(acting_user, signal):
        raise ValidationError({"signals": _("U kunt alleen signalen van uw eigen team koppelen.")})
    case.signals.add(signal)
    record(
        acting_user,
        AuditVerb.CHANGE,
        case,
        purpose="signaal aan casus koppelen",
        fields=["signals"],
    )


def do_link_signal_to_case(case: Case, signal: Signal, acting_user: Any) -> None:
    require(acting_user, Action.CHANGE, case, purpose="signaal aan casus koppelen")
    with transaction.atomic():
        _link_signal(case, signal, acting_user)


def do_link_to_case(
    case: Case, target: models.Model, acting_user: Any, *, label: str = ""
) -> CaseLink:
    """Link any record the user may see, such as a match, to a case (see `CaseLink`)."""
    require(acting_user, Action.CHANGE, case, purpose="koppeling aan casus")
    if not can(acting_user, Action.VIEW, target):
        raise ValidationError(_("U kunt alleen iets koppelen dat u zelf mag zien."))
    from django.contrib.contenttypes.models import ContentType

    with transaction.atomic():
        link, _created = CaseLink.objects.get_or_create(
            case=case,
            content_type=ContentType.objects.get_for_model(target),
            object_id=str(target.pk),
            defaults={"label": label[:150], "created_by": acting_user},
        )
        record(
            acting_user, AuditVerb.CREATE, link, purpose="koppeling aan casus", fields=["target"]
        )
    return link


# Contact log ---------------------------------------------------------------------------------


def do_log_contact(
    data: Mapping[str, Any],
    acting_user: Any,
    *,
    residents: Iterable[Resident] = (),
    organisations: Iterable[Organisation] = (),
) -> Contact:
    """Write one contact in the user's own contact log."""
    require(acting_user, Action.ADD, Contact, purpose="contact vastleggen")
    residents = list(residents)
    reachable = set(
        residents_visible_to(acting_user)
        .filter(pk__in=[r.pk for r in residents])
        .values_list("pk", flat=True)
    )
    if any(resident.pk not in reachable for resident in residents):
        raise ValidationError({"residents": _("Kies alleen bewoners die u kent.")})
    case: Case | None = data.get("case")
    if case is not None and not can(acting_user, Action.VIEW, case):
        raise ValidationError({"case": _("Kies een casus van uw eigen team.")})
    contact = Contact(
        worker=acting_user,
        happened_on=data.get("happened_on") or timezone.localdate(),
        kind=data.get("kind") or "",
        purpose=data.get("purpose") or "",
        duration_minutes=data.get("duration_minutes") or 0,
        note=(data.get("note") or "").strip(),
        case=case,
    )
    if contact.happened_on > timezone.localdate():
        raise ValidationError({"happened_on": _("Een contact kan niet in de toekomst liggen.")})
    contact.full_clean(exclude=["worker"])
    with transaction.atomic():
        contact.save()
        contact.residents.set(residents)
        contact.organisations.set(list(organisations))
        record(
            acting_user,
            AuditVerb.CREATE,
            contact,
            purpose="contact vastleggen",
            fields=[name for name, value in data.items() if value not in (None, "")]
            + (["residents"] if residents else []),
        )
    return contact


def do_delete_contact(contact: Contact, acting_user: Any) -> None:
    require(acting_user, Action.DELETE, contact, purpose="contact verwijderen")
    if contact.worker_id != acting_user.pk:
        raise PermissionDenied(_("U kunt alleen uw eigen contacten verwijderen."))
    with transaction.atomic():
        record(acting_user, AuditVerb.DELETE, contact, purpose="contact verwijderen")
        contact.delete()


# Team meetings -------------------------------------------------------------------------------


def do_plan_meeting(team: Team, starts_at: datetime, acting_user: Any) -> Meeting:
    """Plan a team meeting and draw up its agenda from what happened since the last one."""
    require(acting_user, Action.ADD, Meeting, purpose="overleg plannen")
    if team.pk not in team_ids(acting_user) or team.kind not in (
        Team.Kind.WIJKTEAM,
        Team.Kind.AREA_TEAM,
    ):
        raise ValidationError({"team": _("Kies een wijkteam of gebiedsteam waar u zelf in zit.")})
    previous = (
        Meeting.objects.filter(team=team, starts_at__lt=starts_at).order_by("-starts_at").first()
    )
    with transaction.atomic():
        meeting = Meeting.objects.create(
            team=team,
            starts_at=starts_at,
            previous=previous,
            since=previous.starts_at
            if previous
            else min(starts_at, timezone.now()) - timedelta(days=7),
            chair=acting_user,
        )
        added = _fill_agenda(meeting)
        record(
            acting_user,
            AuditVerb.CREATE,
            meeting,
            purpose="overleg plannen",
            fields=["team", "starts_at", *(["agenda"] if added else [])],
        )
    return meeting


def _fill_agenda(meeting: Meeting) -> int:
    """Add what is not yet on the agenda: new and changed signals, cases due, overdue actions."""
    from .queries import agenda_sources

    present = set(meeting.items.values_list("kind", "signal_id", "case_id", "follow_up_id"))
    position = meeting.items.aggregate(models.Max("position"))["position__max"] or 0
    new_items = []
    sources = agenda_sources(meeting)
    for kind, field_name, objects in (
        (AgendaItem.Kind.SIGNAL, "signal", sources.signals),
        (AgendaItem.Kind.CASE, "case", sources.cases),
        (AgendaItem.Kind.OVERDUE, "follow_up", sources.overdue),
    ):
        for obj in objects:
            key = (
                kind,
                obj.pk if field_name == "signal" else None,
                obj.pk if field_name == "case" else None,
                obj.pk if field_name == "follow_up" else None,
            )
            if key in present:
                continue
            position += 1
            new_items.append(
                AgendaItem(meeting=meeting, kind=kind, position=position, **{field_name: obj})
            )
    AgendaItem.objects.bulk_create(new_items)
    return len(new_items)


def _require_open_meeting(meeting: Meeting, acting_user: Any, purpose: str) -> None:
    require(acting_user, Action.CHANGE, meeting, purpose=purpose)
    if meeting.closed_at is not None:
        raise ValidationError(_("De notulen van dit overleg zijn al vastgesteld."))


def do_refresh_agenda(meeting: Meeting, acting_user: Any) -> int:
    _require_open_meeting(meeting, acting_user, "agenda bijwerken")
    with transaction.atomic():
        added = _fill_agenda(meeting)
        record(
            acting_user, AuditVerb.CHANGE, meeting, purpose="agenda bijwerken", fields=["agenda"]
        )
    return added


def do_add_agenda_item(meeting: Meeting, title: str, acting_user: Any) -> AgendaItem:
    _require_open_meeting(meeting, acting_user, "agendapunt toevoegen")
    if not title.strip():
        raise ValidationError({"title": _("Schrijf het onderwerp op.")})
    position = meeting.items.aggregate(models.Max("position"))["position__max"] or 0
    with transaction.atomic():
        item = AgendaItem.objects.create(
            meeting=meeting, kind=AgendaItem.Kind.OTHER, position=position + 1, title=title.strip()
        )
        record(
            acting_user, AuditVerb.CREATE, item, purpose="agendapunt toevoegen", fields=["title"]
        )
    return item


def do_record_decision(
    meeting: Meeting,
    text: str,
    acting_user: Any,
    *,
    item: AgendaItem | None = None,
    action_description: str = "",
    action_due_on: date | None = None,
    action_assignee: Any = None,
) -> Decision:
    """Write down a decision; with an action description it becomes a follow-up action too."""
    _require_open_meeting(meeting, acting_user, "besluit vastleggen")
    if not text.strip():
        raise ValidationError({"text": _("Schrijf het besluit op.")})
    if item is not None and item.meeting_id != meeting.pk:
        raise ValidationError({"item": _("Dit agendapunt hoort niet bij dit overleg.")})
    if action_description.strip() and action_due_on is None:
        raise ValidationError({"action_due_on": _("Kies een datum voor de actie.")})
    with transaction.atomic():
        decision = Decision.objects.create(
            meeting=meeting, item=item, text=text.strip(), recorded_by=acting_user
        )
        record(
            acting_user, AuditVerb.CREATE, decision, purpose="besluit vastleggen", fields=["text"]
        )
        if action_description.strip():
            signal = item.signal if item is not None else None
            case = item.case if item is not None else None
            if item is not None and item.follow_up is not None:
                signal, case = item.follow_up.signal, item.follow_up.case
            do_add_follow_up(
                acting_user,
                description=action_description,
                due_on=action_due_on,
                team=meeting.team,
                assignee=action_assignee,
                signal=signal if signal is not None and signal.team_id == meeting.team_id else None,
                case=case if case is not None and case.team_id == meeting.team_id else None,
                decision=decision,
            )
    return decision


def do_close_meeting(meeting: Meeting, attendees: Iterable[Any], acting_user: Any) -> Meeting:
    """Settle the minutes: from now on the meeting is read-only."""
    _require_open_meeting(meeting, acting_user, "notulen vaststellen")
    attendees = list(attendees)
    if any(not attendee.teams.filter(pk=meeting.team_id).exists() for attendee in attendees):
        raise ValidationError({"attendees": _("Kies alleen mensen uit het team.")})
    with transaction.atomic():
        meeting.attendees.set(attendees)
        meeting.closed_at = timezone.now()
        meeting.save(update_fields=["closed_at"])
        record(
            acting_user,
            AuditVerb.CHANGE,
            meeting,
            purpose="notulen vaststellen",
            fields=["attendees", "closed_at"],
        )
    return meeting
