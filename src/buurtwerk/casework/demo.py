"""Demo data for casework: signals, a routing rule, contacts, a case and last week's meeting.

Everything goes through the casework actions (so the audit log and the rules hold for the
demo too); only the dates are moved into the past afterwards, so the demo has some history.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from buurtwerk.core.demo import DemoContext
from buurtwerk.people.demo import DEMO_USERS, TEAM_WIJKTEAM
from buurtwerk.people.models import Municipality, Relation

from . import actions
from .models import Case, Contact, Meeting, RoutingRule, Signal, SignalCategory

DEMO_MUNICIPALITY = "Noordoostpolder (demo)"

CARE_SIGNALS = [
    ("loneliness", "Komt niet meer naar de koffieochtend. Zegt dat niemand langskomt.", "walk_in"),
    ("money-worries", "Vertelde bij de inloop over stapels ongeopende post.", "walk_in"),
    ("caregiver-strain", "Zorgt alleen voor haar man met dementie en is erg moe.", "resident"),
    ("health-worry", "Vergeet afspraken en liep verward rond bij de supermarkt.", "partner"),
]
LIVEABILITY_SIGNALS = [
    ("litter", "Vuilniszakken naast de container bij het speelveld.", "Espelerlaan"),
    ("public-space", "Lantaarnpaal bij het fietspad doet het al weken niet.", "Fietspad Espelbos"),
    ("nuisance", "Brommers 's avonds laat op het plein, buren slapen slecht.", "Espelplein"),
    ("unsafe-spot", "Losliggende stoeptegels bij de ingang van de school.", "Schoolstraat"),
]
CONTACT_KINDS = [choice for choice, _label in Contact.Kind.choices]


def populate(context: DemoContext) -> None:
    rng = context.rng
    users = context.objects["users"]
    teams = context.objects["teams"]
    neighbourhoods = context.objects["neighbourhoods"]
    residents = context.objects["residents"]
    wijkteam = teams[TEAM_WIJKTEAM]
    espelerhof = neighbourhoods["espelerhof"]
    categories = {category.code: category for category in SignalCategory.objects.all()}
    now = timezone.now()

    actions.do_save_routing_rule(
        {"priority": 10, "category": categories["money-worries"], "team": wijkteam},
        users["ingrid"],
    )

    # Henk was introduced to the first residents: he reports about them at the walk-in.
    known_to_henk = [
        relation.resident
        for relation in Relation.objects.filter(user=users["henk"]).select_related("resident")
    ]
    signals: list[Signal] = []
    for index, (code, text, source) in enumerate(CARE_SIGNALS):
        signal = actions.do_report_signal(
            {
                "category": categories[code],
                "description": text,
                "neighbourhood": espelerhof,
                "resident": known_to_henk[index % len(known_to_henk)],
                "source": source,
            },
            users["henk"] if index % 2 == 0 else users["fatima"],
        )
        signals.append(signal)
    for code, text, place in LIVEABILITY_SIGNALS:
        signals.append(
            actions.do_report_signal(
                {
                    "category": categories[code],
                    "description": text,
                    "neighbourhood": espelerhof,
                    "address": place,
                    "source": "own_observation",
                },
                rng.choice([users["fatima"], users["joost"], users["annie"]]),
            )
        )
    care_first, care_second = signals[0], signals[1]
    actions.do_transition_signal(care_first, "triaged", users["sanne"], reason="Fatima gaat langs")
    actions.do_assign_signal(care_first, users["fatima"], users["sanne"])
    actions.do_transition_signal(care_first, "in_progress", users["fatima"])
    actions.do_add_follow_up(
        users["fatima"],
        signal=care_first,
        description="Op de koffie bij de bewoner",
        due_on=timezone.localdate() + timedelta(days=3),
        assignee=users["fatima"],
    )
    actions.do_transition_signal(care_second, "triaged", users["mark"])
    litter = signals[len(CARE_SIGNALS)]
    actions.do_transition_signal(litter, "triaged", users["agent.bakker"])
    actions.do_assign_signal(litter, users["corporatie.smit"], users["agent.bakker"])
    for age_days, signal in zip((12, 9, 6, 3, 11, 8, 5, 1), signals, strict=True):
        moment = now - timedelta(days=age_days)
        Signal.objects.filter(pk=signal.pk).update(created_at=moment, updated_at=moment)

    _contacts(rng, users, residents)
    case = _case(users, wijkteam, care_first, known_to_henk[0])
    _past_meeting(users, wijkteam, case, care_first)
    context.objects["casework"] = {"signals": signals, "case": case}


def _contacts(rng, users, residents) -> None:  # type: ignore[no-untyped-def]
    """Eight weeks of contacts: Fatima works close to 50/50, Joost leans to casework."""
    today = timezone.localdate()
    for username, casework_share in (("fatima", 0.5), ("joost", 0.7)):
        for days_ago in range(1, 56):
            day = today - timedelta(days=days_ago)
            if day.weekday() >= 5 or rng.random() < 0.3:
                continue
            purpose = "casework" if rng.random() < casework_share else "community"
            actions.do_log_contact(
                {
                    "happened_on": day,
                    "kind": rng.choice(CONTACT_KINDS),
                    "purpose": purpose,
                    "duration_minutes": rng.choice([15, 30, 45, 60, 90, 120]),
                },
                users[username],
                residents=rng.sample(residents[:60], k=rng.randint(0, 2)),
            )


def _case(users, wijkteam, signal, resident) -> Case:  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    case = actions.do_open_case(
        {
            "title": "Weer onder de mensen komen",
            "resident": resident,
            "team": wijkteam,
            "household": "Woont alleen, dochter woont in Zwolle",
            "summary": "Sinds het overlijden van de partner weinig buiten. Wil wel graag "
            "iets doen met handen, vroeger timmerman.",
            "next_discussion_on": today,
            "signals": [signal],
        },
        users["sanne"],
    )
    actions.do_add_participant(
        case, {"role": "buurtwerker", "user": users["fatima"]}, users["sanne"]
    )
    actions.do_add_participant(
        case, {"role": "family", "name": "Dochter", "note": "belt elke zondag"}, users["sanne"]
    )
    actions.do_add_goal(case, "Eén keer per week naar de koffieochtend", users["sanne"])
    actions.do_add_goal(case, "Meedoen met de Repair Café", users["sanne"])
    actions.do_add_follow_up(
        users["sanne"],
        case=case,
        description="Voorstellen aan de Repair Café-vrijwilligers",
        due_on=today + timedelta(days=7),
        assignee=users["fatima"],
    )
    actions.do_log_contact(
        {
            "happened_on": today - timedelta(days=2),
            "kind": "coffee_visit",
            "purpose": "casework",
            "duration_minutes": 60,
            "case": case,
        },
        users["fatima"],
        residents=[resident],
    )
    return case


def _past_meeting(users, wijkteam, case, signal) -> None:  # type: ignore[no-untyped-def]
    last_week = timezone.now() - timedelta(days=7)
    meeting = actions.do_plan_meeting(wijkteam, last_week, users["ingrid"])
    item = meeting.items.filter(signal=signal).first()
    actions.do_record_decision(
        meeting,
        "Fatima gaat op de koffie en vraagt wat de bewoner zelf wil.",
        users["ingrid"],
        item=item,
        action_description="Terugkoppelen in het volgende overleg",
        action_due_on=timezone.localdate() - timedelta(days=1),
        action_assignee=users["fatima"],
    )
    actions.do_record_decision(meeting, "De Repair Café-groep uitnodigen.", users["ingrid"])
    team_members = [users[name] for name in ("fatima", "joost", "ingrid", "sanne", "mark")]
    actions.do_close_meeting(meeting, team_members, users["ingrid"])


def remove() -> None:
    """Remove casework demo data before people removes the teams it belongs to."""
    municipality = Municipality.objects.filter(name=DEMO_MUNICIPALITY).first()
    if municipality is None:
        return
    Meeting.objects.filter(team__municipality=municipality).delete()
    Case.objects.filter(team__municipality=municipality).delete()
    Signal.objects.filter(team__municipality=municipality).delete()
    RoutingRule.objects.filter(team__municipality=municipality).delete()
    Contact.objects.filter(worker__username__in=[user[0] for user in DEMO_USERS]).delete()
