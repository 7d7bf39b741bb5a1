"""Team meeting pages, the agenda and the minutes."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from buurtwerk.core.auditing import Purpose
from buurtwerk.core.forms import apply_validation_error
from buurtwerk.core.permissions import Action, can, require

from .. import actions, queries
from ..forms import AgendaItemForm, CloseMeetingForm, DecisionForm, MeetingForm
from ..minutes import minutes_pdf
from ..models import Meeting


@login_required
def meeting_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.VIEW, Meeting, purpose=Purpose.LIST_MEETINGS)
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
    agenda = queries.agenda_for(request.user, meeting, purpose=Purpose.VIEW_MEETING)
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
    meeting = queries.get_meeting_for(request.user, pk, purpose=Purpose.VIEW_MEETING)
    return render(request, "casework/meeting_detail.html", _meeting_context(request, meeting))


@login_required
@require_POST
def meeting_decision(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a decision during the meeting; with htmx only the agenda is redrawn."""
    meeting = queries.get_meeting_for(
        request.user, pk, purpose=Purpose.RECORD_DECISION, action=Action.CHANGE
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
        request.user, pk, purpose=Purpose.ADD_AGENDA_ITEM, action=Action.CHANGE
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
        request.user, pk, purpose=Purpose.UPDATE_AGENDA, action=Action.CHANGE
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
        request.user, pk, purpose=Purpose.CLOSE_MINUTES, action=Action.CHANGE
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
    meeting = queries.get_meeting_for(request.user, pk, purpose=Purpose.VIEW_MINUTES)
    context = {
        "meeting": meeting,
        "agenda": queries.agenda_for(request.user, meeting, purpose=Purpose.VIEW_MINUTES),
        "general_decisions": meeting.decisions.filter(item__isnull=True),
        "follow_ups": queries.open_follow_ups_of(request.user, meeting),
    }
    return render(request, "casework/meeting_minutes.html", context)


@login_required
def meeting_minutes_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = queries.get_meeting_for(request.user, pk, purpose=Purpose.MINUTES_PDF)
    agenda = queries.agenda_for(request.user, meeting, purpose=Purpose.MINUTES_PDF)
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
