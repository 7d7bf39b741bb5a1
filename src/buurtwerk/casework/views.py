from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from buurtwerk.core.forms import apply_validation_error
from buurtwerk.core.permissions import Action, can, require, scope
from buurtwerk.people.models import Organisation, Relation
from buurtwerk.people.queries import get_resident_for, residents_visible_to

from . import actions, queries
from .engine import status_flow
from .engine.diagrams import split_chart
from .forms import (
    AgendaItemForm,
    AssignForm,
    CaseForm,
    CaseUpdateForm,
    CloseMeetingForm,
    ContactForm,
    DecisionForm,
    FollowUpForm,
    GoalForm,
    MeetingForm,
    NotesForm,
    ParticipantForm,
    ReportFilterForm,
    RoutingRuleForm,
    SignalFilterForm,
    SignalForm,
    TransitionForm,
)
from .minutes import minutes_pdf
from .models import (
    Case,
    CaseGoal,
    CaseParticipant,
    Contact,
    FollowUp,
    Meeting,
    RoutingRule,
    Signal,
)
from .permissions import TEAM_ROLES
from .queries import SignalAccess

# Signals -------------------------------------------------------------------------------------


@login_required
def signal_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.VIEW, Signal, purpose="signalenlijst")
    form = SignalFilterForm(request.GET or None)
    status = form.cleaned_data.get("status", "") if form.is_valid() else ""
    team_signals = queries.team_signals_for(request.user)
    if status:
        team_signals = team_signals.filter(status=status)
    context = {
        "form": form,
        "page": Paginator(team_signals, 25).get_page(request.GET.get("pagina")),
        "is_team": getattr(request.user, "role", None) in TEAM_ROLES,
        "reported": queries.signals_visible_to(request.user, reported_by_me=True)[:20],
        "can_add": can(request.user, Action.ADD, Signal),
    }
    return render(request, "casework/signal_list.html", context)


@login_required
def signal_create(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.ADD, Signal, purpose="signaal melden")
    from buurtwerk.people.queries import neighbourhoods_visible_to

    form = SignalForm(
        request.POST or None,
        categories=queries.categories_for_reporting(),
        neighbourhoods=neighbourhoods_visible_to(request.user),
        residents=residents_visible_to(request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            signal = actions.do_report_signal(form.cleaned_data, request.user)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request,
                _("Dank u wel. Het signaal is doorgestuurd naar %(team)s.")
                % {"team": signal.team.name},
            )
            return redirect("casework:signal_detail", pk=signal.pk)
    return render(request, "casework/signal_form.html", {"form": form})


def _signal_context(request: HttpRequest, signal: Signal, access: SignalAccess) -> dict[str, Any]:
    context: dict[str, Any] = {"signal": signal, "access": access, "is_team": False}
    if access != SignalAccess.TEAM:
        return context
    members = queries.team_members(signal.team)
    allowed = [
        (status, label)
        for status, label in Signal.Status.choices
        if status_flow.is_allowed(signal.status, status)
    ]
    context.update(
        is_team=True,
        transitions=signal.transitions.select_related("by"),
        follow_ups=queries.signal_follow_ups(request.user, signal),
        transition_form=TransitionForm(allowed=allowed) if allowed else None,
        assign_form=AssignForm(members=members, initial={"assignee": signal.assignee_id}),
        notes_form=NotesForm(initial={"notes": signal.notes}),
        follow_up_form=FollowUpForm(members=members),
        cases=queries.cases_visible_to(request.user, include_closed=True).filter(signals=signal),
        today=timezone.localdate(),
    )
    return context


@login_required
def signal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    signal, access = queries.get_signal_for(request.user, pk, purpose="signaal bekijken")
    return render(request, "casework/signal_detail.html", _signal_context(request, signal, access))


def _team_signal(request: HttpRequest, pk: int, purpose: str) -> Signal:
    signal, access = queries.get_signal_for(request.user, pk, purpose=purpose, action=Action.CHANGE)
    if access != SignalAccess.TEAM:
        from django.http import Http404

        raise Http404("Niet gevonden")
    return signal


def _rerender_signal(request: HttpRequest, signal: Signal, **forms: Any) -> HttpResponse:
    context = _signal_context(request, signal, SignalAccess.TEAM)
    context.update(forms)
    return render(request, "casework/signal_detail.html", context, status=400)


@login_required
@require_POST
def signal_transition(request: HttpRequest, pk: int) -> HttpResponse:
    signal = _team_signal(request, pk, "signaal status wijzigen")
    allowed = [
        (status, label)
        for status, label in Signal.Status.choices
        if status_flow.is_allowed(signal.status, status)
    ]
    form = TransitionForm(request.POST, allowed=allowed)
    if form.is_valid():
        try:
            actions.do_transition_signal(
                signal,
                form.cleaned_data["status"],
                request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("De status is gewijzigd."))
            return redirect("casework:signal_detail", pk=signal.pk)
    return _rerender_signal(request, signal, transition_form=form)


@login_required
@require_POST
def signal_assign(request: HttpRequest, pk: int) -> HttpResponse:
    signal = _team_signal(request, pk, "signaal toewijzen")
    form = AssignForm(request.POST, members=queries.team_members(signal.team))
    if form.is_valid():
        try:
            actions.do_assign_signal(signal, form.cleaned_data["assignee"], request.user)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Het signaal is toegewezen."))
            return redirect("casework:signal_detail", pk=signal.pk)
    return _rerender_signal(request, signal, assign_form=form)


@login_required
@require_POST
def signal_notes(request: HttpRequest, pk: int) -> HttpResponse:
    signal = _team_signal(request, pk, "signaal notities")
    form = NotesForm(request.POST)
    if form.is_valid():
        actions.do_update_signal_notes(signal, form.cleaned_data["notes"], request.user)
        messages.success(request, _("De notities zijn opgeslagen."))
        return redirect("casework:signal_detail", pk=signal.pk)
    return _rerender_signal(request, signal, notes_form=form)


@login_required
@require_POST
def signal_follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    signal = _team_signal(request, pk, "actie toevoegen")
    form = FollowUpForm(request.POST, members=queries.team_members(signal.team))
    if form.is_valid():
        try:
            actions.do_add_follow_up(request.user, signal=signal, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("De actie is toegevoegd."))
            return redirect("casework:signal_detail", pk=signal.pk)
    return _rerender_signal(request, signal, follow_up_form=form)


@login_required
@require_POST
def follow_up_done(request: HttpRequest, pk: int) -> HttpResponse:
    follow_up = get_object_or_404(scope(request.user, FollowUp.objects.all(), Action.CHANGE), pk=pk)
    try:
        actions.do_complete_follow_up(follow_up, request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("De actie is afgevinkt."))
    next_url = request.POST.get("next", "")
    if next_url.startswith("/") and not next_url.startswith("//"):
        return redirect(next_url)
    return redirect("core:dashboard")


# Routing rules -------------------------------------------------------------------------------


@login_required
def rule_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.VIEW, RoutingRule, purpose="routering bekijken")
    form = RoutingRuleForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_save_routing_rule(form.cleaned_data, request.user)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("De regel is toegevoegd."))
            return redirect("casework:rule_list")
    context = {"rules": queries.routing_rules_for(request.user), "form": form}
    return render(request, "casework/rule_list.html", context, status=400 if form.errors else 200)


@login_required
def rule_edit(request: HttpRequest, pk: int) -> HttpResponse:
    rule = get_object_or_404(queries.routing_rules_for(request.user), pk=pk)
    form = RoutingRuleForm(request.POST or None, instance=rule, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_save_routing_rule(form.cleaned_data, request.user, rule=rule)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("De regel is gewijzigd."))
            return redirect("casework:rule_list")
    return render(request, "casework/rule_form.html", {"form": form, "rule": rule})


@login_required
@require_POST
def rule_delete(request: HttpRequest, pk: int) -> HttpResponse:
    rule = get_object_or_404(queries.routing_rules_for(request.user), pk=pk)
    actions.do_delete_routing_rule(rule, request.user)
    messages.success(request, _("De regel is verwijderd."))
    return redirect("casework:rule_list")


# Contact log ---------------------------------------------------------------------------------


def _contact_form(request: HttpRequest) -> ContactForm:
    user: Any = request.user
    municipality_ids = {team.municipality_id for team in user.teams.all()}
    return ContactForm(
        request.POST or None,
        residents=residents_visible_to(request.user),
        organisations=Organisation.objects.filter(municipality_id__in=municipality_ids),
        cases=queries.cases_visible_to(request.user),
        initial={"happened_on": timezone.localdate(), "purpose": Contact.Purpose.CASEWORK},
    )


@login_required
def contact_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.VIEW, Contact, purpose="contactlog")
    contacts = queries.contacts_visible_to(request.user)
    context = {
        "page": Paginator(contacts, 25).get_page(request.GET.get("pagina")),
        "can_add": can(request.user, Action.ADD, Contact),
    }
    return render(request, "casework/contact_list.html", context)


@login_required
def contact_create(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.ADD, Contact, purpose="contact vastleggen")
    form = _contact_form(request)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        residents = data.pop("residents")
        organisations = data.pop("organisations")
        try:
            actions.do_log_contact(
                data, request.user, residents=residents, organisations=organisations
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Het contact is vastgelegd."))
            return redirect("casework:contact_list")
    return render(request, "casework/contact_form.html", {"form": form})


@login_required
@require_POST
def contact_delete(request: HttpRequest, pk: int) -> HttpResponse:
    contact = get_object_or_404(scope(request.user, Contact.objects.all(), Action.DELETE), pk=pk)
    actions.do_delete_contact(contact, request.user)
    messages.success(request, _("Het contact is verwijderd."))
    return redirect("casework:contact_list")


@login_required
def contact_report(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.VIEW, Contact, purpose="contactrapport")
    form = ReportFilterForm(request.GET or None)
    cleaned = form.cleaned_data if form.is_valid() else {}
    period = queries.Period(cleaned.get("period") or "week")
    default_start, default_end = queries.recent_days(8 * 7 if period == "week" else 365)
    start = cleaned.get("start") or default_start
    end = cleaned.get("end") or default_end
    lines = queries.contact_split(request.user, period=period, start=start, end=end)
    date_format = "W/Y" if period == "week" else "F Y"
    from django.utils.dateformat import format as format_date

    labels = [
        (_("%(worker)s, week %(week)s") if period == "week" else _("%(worker)s, %(week)s"))
        % {"worker": line.worker, "week": format_date(line.period_start, date_format)}
        for line in lines
    ]
    chart = split_chart(
        [
            (label, line.casework_minutes, line.community_minutes)
            for label, line in zip(labels, lines, strict=True)
        ]
    )
    context = {
        "form": form,
        "chart": chart,
        "period": period,
        "start": start,
        "end": end,
    }
    return render(request, "casework/contact_report.html", context)


# Cases ---------------------------------------------------------------------------------------


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.VIEW, Case, purpose="casuslijst")
    include_closed = request.GET.get("afgesloten") == "1"
    cases = queries.list_cases_for(
        request.user, include_closed=include_closed, purpose="casuslijst"
    )
    context = {
        "page": Paginator(cases, 25).get_page(request.GET.get("pagina")),
        "include_closed": include_closed,
        "can_add": can(request.user, Action.ADD, Case),
    }
    return render(request, "casework/case_list.html", context)


def _members_of_user_teams(request: HttpRequest) -> Any:
    from buurtwerk.accounts.models import User

    return User.objects.filter(
        teams__in=queries.wijkteams_of(request.user), is_active=True
    ).distinct()


@login_required
def case_create(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.ADD, Case, purpose="casus openen")
    initial: dict[str, Any] = {"coordinator": request.user.pk}
    teams = queries.wijkteams_of(request.user)
    if teams.count() == 1:
        initial["team"] = teams.first()
    signal_pk = request.GET.get("signaal", "")
    linked_signal = (
        queries.team_signals_for(request.user).filter(pk=signal_pk).first()
        if signal_pk.isdigit()
        else None
    )
    if linked_signal is not None and linked_signal.resident_id:
        initial["resident"] = linked_signal.resident_id
    form = CaseForm(
        request.POST or None,
        residents=residents_visible_to(request.user),
        teams=teams,
        members=_members_of_user_teams(request),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if linked_signal is not None:
            data["signals"] = [linked_signal]
        try:
            case = actions.do_open_case(data, request.user)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("De casus is geopend."))
            return redirect("casework:case_detail", pk=case.pk)
    return render(
        request, "casework/case_form.html", {"form": form, "linked_signal": linked_signal}
    )


def _matching_url(resident_pk: int | None) -> str:
    """The resident's matching suggestions, when the matching app offers that page."""
    if resident_pk is None:
        return ""
    for name, args in (
        ("matching:resident_overview", [resident_pk]),
        ("matching:resident_suggestions", [resident_pk]),
    ):
        try:
            return reverse(name, args=args)
        except NoReverseMatch:
            continue
    return ""


def _socialmap_url() -> str:
    for name in ("socialmap:vraagbaak", "socialmap:service_list"):
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return "/sociale-kaart/"


def _case_context(request: HttpRequest, case: Case, **overrides: Any) -> dict[str, Any]:
    members = queries.team_members(case.team)
    context = {
        "case": case,
        "follow_ups": queries.case_follow_ups(request.user, case),
        "contacts": queries.case_contacts(request.user, case),
        "signals": queries.case_signals(request.user, case),
        "links": case.links.select_related("content_type"),
        "update_form": CaseUpdateForm(instance=case, members=members),
        "participant_form": ParticipantForm(
            members=members, residents=residents_visible_to(request.user)
        ),
        "goal_form": GoalForm(),
        "follow_up_form": FollowUpForm(members=members),
        "matching_url": _matching_url(case.resident_id),
        "socialmap_url": _socialmap_url(),
        "today": timezone.localdate(),
        "can_see_network": case.resident_id is not None and queries.may_see_network(request.user),
    }
    context.update(overrides)
    return context


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = queries.get_case_for(request.user, pk, purpose="casus bekijken")
    return render(request, "casework/case_detail.html", _case_context(request, case))


def _case_for_change(request: HttpRequest, pk: int, purpose: str) -> Case:
    return queries.get_case_for(request.user, pk, purpose=purpose, action=Action.CHANGE)


@login_required
@require_POST
def case_update(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_for_change(request, pk, "casus wijzigen")
    form = CaseUpdateForm(request.POST, instance=case, members=queries.team_members(case.team))
    if form.is_valid():
        try:
            actions.do_update_case(case, form.cleaned_data, request.user)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("De casus is bijgewerkt."))
            return redirect("casework:case_detail", pk=case.pk)
    case.refresh_from_db()
    return render(
        request,
        "casework/case_detail.html",
        _case_context(request, case, update_form=form),
        status=400,
    )


@login_required
@require_POST
def case_participant_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_for_change(request, pk, "betrokkene toevoegen")
    form = ParticipantForm(
        request.POST,
        members=queries.team_members(case.team),
        residents=residents_visible_to(request.user),
    )
    if form.is_valid():
        try:
            actions.do_add_participant(case, form.cleaned_data, request.user)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("De betrokkene is toegevoegd."))
            return redirect("casework:case_detail", pk=case.pk)
    return render(
        request,
        "casework/case_detail.html",
        _case_context(request, case, participant_form=form),
        status=400,
    )


@login_required
@require_POST
def case_participant_remove(request: HttpRequest, pk: int, participant_pk: int) -> HttpResponse:
    case = _case_for_change(request, pk, "betrokkene verwijderen")
    participant = get_object_or_404(CaseParticipant, pk=participant_pk, case=case)
    actions.do_remove_participant(participant, request.user)
    messages.success(request, _("De betrokkene is verwijderd."))
    return redirect("casework:case_detail", pk=case.pk)


@login_required
@require_POST
def case_goal_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_for_change(request, pk, "doel toevoegen")
    form = GoalForm(request.POST)
    if form.is_valid():
        actions.do_add_goal(case, form.cleaned_data["description"], request.user)
        messages.success(request, _("Het doel is toegevoegd."))
        return redirect("casework:case_detail", pk=case.pk)
    return render(
        request,
        "casework/case_detail.html",
        _case_context(request, case, goal_form=form),
        status=400,
    )


@login_required
@require_POST
def case_goal_achieved(request: HttpRequest, pk: int, goal_pk: int) -> HttpResponse:
    case = _case_for_change(request, pk, "doel bereikt")
    goal = get_object_or_404(CaseGoal, pk=goal_pk, case=case)
    actions.do_mark_goal_achieved(goal, request.user)
    messages.success(request, _("Mooi: het doel is bereikt."))
    return redirect("casework:case_detail", pk=case.pk)


@login_required
@require_POST
def case_follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_for_change(request, pk, "actie toevoegen")
    form = FollowUpForm(request.POST, members=queries.team_members(case.team))
    if form.is_valid():
        try:
            actions.do_add_follow_up(request.user, case=case, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("De actie is toegevoegd."))
            return redirect("casework:case_detail", pk=case.pk)
    return render(
        request,
        "casework/case_detail.html",
        _case_context(request, case, follow_up_form=form),
        status=400,
    )


# Team meetings -------------------------------------------------------------------------------


@login_required
def meeting_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.VIEW, Meeting, purpose="overleggen")
    teams = queries.meeting_teams_of(request.user)
    next_monday = timezone.localdate() + timedelta(days=7 - timezone.localdate().weekday())
    form = MeetingForm(
        request.POST or None,
        teams=teams,
        initial={
            "team": teams.first() if teams.count() == 1 else None,
            "starts_at": timezone.make_aware(datetime.combine(next_monday, time(10, 0))),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            meeting = actions.do_plan_meeting(
                form.cleaned_data["team"], form.cleaned_data["starts_at"], request.user
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Het overleg is gepland en de agenda is gemaakt."))
            return redirect("casework:meeting_detail", pk=meeting.pk)
    context = {
        "meetings": queries.meetings_visible_to(request.user)[:30],
        "form": form,
        "can_add": can(request.user, Action.ADD, Meeting) and teams.exists(),
    }
    return render(request, "casework/meeting_list.html", context)


def _meeting_context(request: HttpRequest, meeting: Meeting, **overrides: Any) -> dict[str, Any]:
    agenda = queries.agenda_for(request.user, meeting, purpose="teamoverleg bekijken")
    members = queries.team_members(meeting.team)
    context = {
        "meeting": meeting,
        "agenda": agenda,
        "general_decisions": meeting.decisions.filter(item__isnull=True).prefetch_related(
            "follow_ups__assignee"
        ),
        "decision_form": DecisionForm(
            items=meeting.items.select_related("signal__category"), members=members
        ),
        "item_form": AgendaItemForm(),
        "close_form": CloseMeetingForm(members=members),
        "is_open": meeting.closed_at is None,
        "today": timezone.localdate(),
    }
    context.update(overrides)
    return context


@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = queries.get_meeting_for(request.user, pk, purpose="teamoverleg bekijken")
    return render(request, "casework/meeting_detail.html", _meeting_context(request, meeting))


@login_required
@require_POST
def meeting_decision(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a decision during the meeting; with htmx only the agenda is redrawn."""
    meeting = queries.get_meeting_for(
        request.user, pk, purpose="besluit vastleggen", action=Action.CHANGE
    )
    members = queries.team_members(meeting.team)
    form = DecisionForm(
        request.POST, items=meeting.items.select_related("signal__category"), members=members
    )
    status = 200
    if form.is_valid():
        data = form.cleaned_data
        try:
            actions.do_record_decision(
                meeting,
                data["text"],
                request.user,
                item=data["item"],
                action_description=data["action_description"],
                action_due_on=data["action_due_on"],
                action_assignee=data["action_assignee"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
            status = 400
        else:
            if not request.headers.get("HX-Request"):
                messages.success(request, _("Het besluit is vastgelegd."))
                return redirect("casework:meeting_detail", pk=meeting.pk)
            form = DecisionForm(
                items=meeting.items.select_related("signal__category"), members=members
            )
    else:
        status = 400
    context = _meeting_context(request, meeting, decision_form=form)
    if request.headers.get("HX-Request"):
        # htmx swaps 2xx responses only; errors are shown in the same region.
        return render(request, "casework/_meeting_work.html", context)
    return render(request, "casework/meeting_detail.html", context, status=status)


@login_required
@require_POST
def meeting_item_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = queries.get_meeting_for(
        request.user, pk, purpose="agendapunt toevoegen", action=Action.CHANGE
    )
    form = AgendaItemForm(request.POST)
    if form.is_valid():
        try:
            actions.do_add_agenda_item(meeting, form.cleaned_data["title"], request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Het agendapunt is toegevoegd."))
        return redirect("casework:meeting_detail", pk=meeting.pk)
    return render(
        request,
        "casework/meeting_detail.html",
        _meeting_context(request, meeting, item_form=form),
        status=400,
    )


@login_required
@require_POST
def meeting_refresh(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = queries.get_meeting_for(
        request.user, pk, purpose="agenda bijwerken", action=Action.CHANGE
    )
    try:
        added = actions.do_refresh_agenda(meeting, request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("De agenda is bijgewerkt: %(n)s nieuwe punten.") % {"n": added})
    return redirect("casework:meeting_detail", pk=meeting.pk)


@login_required
@require_POST
def meeting_close(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = queries.get_meeting_for(
        request.user, pk, purpose="notulen vaststellen", action=Action.CHANGE
    )
    form = CloseMeetingForm(request.POST, members=queries.team_members(meeting.team))
    if form.is_valid():
        try:
            actions.do_close_meeting(meeting, form.cleaned_data["attendees"], request.user)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("De notulen zijn vastgesteld."))
            return redirect("casework:meeting_minutes", pk=meeting.pk)
    return render(
        request,
        "casework/meeting_detail.html",
        _meeting_context(request, meeting, close_form=form),
        status=400,
    )


@login_required
def meeting_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = queries.get_meeting_for(request.user, pk, purpose="notulen bekijken")
    context = {
        "meeting": meeting,
        "agenda": queries.agenda_for(request.user, meeting, purpose="notulen bekijken"),
        "general_decisions": meeting.decisions.filter(item__isnull=True),
        "follow_ups": queries.open_follow_ups_of(request.user, meeting),
    }
    return render(request, "casework/meeting_minutes.html", context)


@login_required
def meeting_minutes_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = queries.get_meeting_for(request.user, pk, purpose="notulen als pdf")
    agenda = queries.agenda_for(request.user, meeting, purpose="notulen als pdf")
    pdf = minutes_pdf(
        meeting,
        agenda,
        list(meeting.decisions.filter(item__isnull=True)),
        list(queries.open_follow_ups_of(request.user, meeting)),
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"notulen-{meeting.team.name}-{meeting.starts_at:%Y-%m-%d}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{_safe_filename(filename)}"'
    return response


def _safe_filename(name: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-._" else "-" for ch in name)


# Netwerkkaart --------------------------------------------------------------------------------


@login_required
def network_map(request: HttpRequest, resident_pk: int) -> HttpResponse:
    require(request.user, Action.VIEW, Relation, purpose="netwerkkaart")
    resident = get_resident_for(request.user, resident_pk, purpose="netwerkkaart bekijken")
    network = queries.network_map_of(request.user, resident)
    from buurtwerk.people.queries import SMALL_NETWORK_MAX, network_size

    size = network_size(resident)
    rings = [
        {
            "ring": ring,
            "members": [m for m in network.members if m.closeness == ring.closeness],
        }
        for ring in network.rings
    ]
    context = {
        "resident": resident,
        "network": network,
        "rings": rings,
        "network_size": size,
        "is_small": size <= SMALL_NETWORK_MAX,
        "kinds": Relation.Kind.choices,
        "closeness_labels": dict(Relation.Closeness.choices),
    }
    return render(request, "casework/network_map.html", context)
