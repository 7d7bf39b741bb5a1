"""Demo data for matching: talents and needs of the Espelerhof residents, and matches in every
state, so the demo shows suggestions, a follow-up list and a history from the first login.

Built with the actions, so every match is feasible and explained like one made by hand. The
actions run as the system (acting user None, like the command line): audit entries must not
point at demo accounts, which `demo --reset` deletes while the audit log is append-only. The
history and the follow-up then name Fatima, the buurtwerker. Deterministic for a given seed;
follow-up dates are relative to today so the follow-up list is never empty.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from buurtwerk.core.actions import SYSTEM
from buurtwerk.core.demo import DemoContext
from buurtwerk.people.demo import DEMO_MUNICIPALITY
from buurtwerk.people.models import Consent, Resident

from . import actions, queries
from .engine import SLOTS
from .models import Match, MatchEvent, Need, Offer

# category, description, needs a VOG-holder, seeks participation, per week, max km
OFFERS: list[tuple[str, str, bool, bool, int, float]] = [
    ("garden", "Was veertig jaar hovenier. Woont nu in een flat en mist het tuinieren: snoeit "
     "graag een heg of maakt een border netjes.", False, True, 2, 2.0),
    ("transport", "Rijdt op dinsdag en donderdag toch al naar buurthuis De Espel en neemt graag "
     "iemand mee naar de koffieochtend.", False, False, 2, 3.0),
    ("digital", "Werkte in de ICT. Helpt met DigiD, de bank-app, mailen en beeldbellen met de "
     "kleinkinderen.", True, False, 2, 2.0),
    ("language", "Gepensioneerd juf. Oefent Nederlands met nieuwkomers, in de bibliotheek of "
     "bij de koffie.", False, True, 2, 3.0),
    ("company", "Komt graag een kopje koffie drinken en een spelletje doen. Kan goed "
     "luisteren.", True, True, 1, 1.5),
    ("walking", "Loopt elke ochtend een rondje door het Espelerpark en vindt gezelschap "
     "fijn.", False, True, 2, 1.5),
    ("shopping", "Doet op vrijdag boodschappen bij de supermarkt en neemt iets mee voor een "
     "buur.", False, False, 3, 1.0),
    ("paperwork", "Was boekhouder. Helpt met post, toeslagen en formulieren van de "
     "gemeente.", True, False, 1, 3.0),
    ("meals", "Kookt altijd te veel en brengt graag een bord eten langs.", True, False, 2, 1.0),
    ("pets", "Laat honden uit als de baas het even niet kan, bijvoorbeeld na een operatie.",
     True, True, 2, 1.5),
    ("odd_jobs", "Handige klusser: een lamp ophangen, een kraan vervangen, een kastje in "
     "elkaar zetten.", True, False, 1, 2.0),
    ("listening", "Heeft zelf veel meegemaakt en is een goed luisterend oor. Belt of wandelt "
     "een stukje mee.", False, True, 2, 2.0),
    ("garden", "Heeft een moestuin en helpt graag met wieden en de grasmaaier.", False, False,
     1, 1.0),
    ("transport", "Brengt mensen met de auto naar de huisarts of het ziekenhuis.", False, False,
     1, 5.0),
    ("company", "Student die graag bij ouderen op bezoek gaat; speelt goed sjoelen.", True,
     True, 1, 2.0),
    ("digital", "Legt geduldig uit hoe de smartphone werkt.", True, True, 1, 1.5),
]  # fmt: skip

# category, description, urgency, recurring
NEEDS: list[tuple[str, str, int, bool]] = [
    ("garden", "De heg groeit over het pad en bukken lukt niet meer sinds de heupoperatie.", 2,
     False),
    ("transport", "Wil graag naar de koffieochtend in het buurthuis, maar durft niet meer te "
     "fietsen.", 2, True),
    ("digital", "Krijgt de DigiD-app niet aan de praat op de nieuwe telefoon.", 3, False),
    ("company", "Sinds haar man overleed komt er bijna niemand meer langs.", 2, True),
    ("language", "Woont twee jaar in Emmeloord en wil beter Nederlands leren praten.", 1, True),
    ("walking", "Moet van de fysiotherapeut meer bewegen, maar gaat niet graag alleen.", 1,
     True),
    ("shopping", "Kan door een gebroken pols een paar weken niet zelf boodschappen doen.", 3,
     True),
    ("paperwork", "Er ligt een stapel post en een brief over de huurtoeslag.", 3, False),
    ("meals", "Kookt sinds kort niet meer voor zichzelf.", 2, True),
    ("pets", "Ligt een week in het ziekenhuis; wie laat de hond uit?", 3, False),
    ("odd_jobs", "De lamp in de gang is kapot en de trap is te hoog.", 1, False),
    ("listening", "Voelt zich vaak alleen en wil af en toe iemand spreken.", 2, True),
    ("company", "Zou het fijn vinden als er iemand een spelletje komt doen.", 1, True),
    ("garden", "Het gras moet gemaaid, de maaier is te zwaar.", 1, True),
    ("digital", "Wil leren beeldbellen met de kleinkinderen in Polen.", 1, False),
    ("transport", "Heeft een afspraak bij het ziekenhuis in Lelystad.", 3, False),
]  # fmt: skip

# (index in NEEDS, the state the demo match reaches, note)
MATCH_STORIES: list[tuple[int, str, str]] = [
    (0, Match.State.ACTIVE, "Komt om de week de heg doen; daarna drinken ze samen koffie."),
    (1, Match.State.INTRODUCED, "Kennismaking in het buurthuis ging goed."),
    (2, Match.State.CONTACTED, "Beiden gebeld; afspraak volgende week."),
    (3, Match.State.ENDED, "Ze zien elkaar nu ook zonder ons."),
    (4, Match.State.DECLINED, "De helper kan toch geen vaste tijd vrijmaken."),
    (5, Match.State.SUGGESTED, ""),
]


# The steps that take a fresh suggestion to each state of the story.
STORY_PATHS: dict[str, list[str]] = {
    Match.State.SUGGESTED: [],
    Match.State.DECLINED: [Match.State.DECLINED],
    Match.State.CONTACTED: [Match.State.CONTACTED],
    Match.State.INTRODUCED: [Match.State.CONTACTED, Match.State.INTRODUCED],
    Match.State.ACTIVE: [Match.State.CONTACTED, Match.State.INTRODUCED, Match.State.ACTIVE],
    Match.State.ENDED: [
        Match.State.CONTACTED,
        Match.State.INTRODUCED,
        Match.State.ACTIVE,
        Match.State.ENDED,
    ],
}


def _demo_residents(context: DemoContext) -> list[Resident]:
    residents = context.objects.get("residents") or list(
        Resident.objects.filter(neighbourhood__district__municipality__name=DEMO_MUNICIPALITY)
    )
    return sorted(residents, key=lambda resident: resident.pk)


def _slots(rng: Any, low: int, high: int) -> list[str]:
    # Weekday mornings and afternoons are when most helpers and askers have time.
    weekday = [slot for slot in SLOTS if not slot.startswith(("sat", "sun"))]
    return rng.sample(weekday, rng.randint(low, high))


def populate(context: DemoContext) -> None:
    rng = context.rng
    buurtwerker = context.objects["users"]["fatima"]
    residents = _demo_residents(context)
    consenting = set(
        Consent.objects.filter(
            resident__in=residents, scope=Consent.Scope.MATCHING, withdrawn_at__isnull=True
        ).values_list("resident_id", flat=True)
    )
    with_consent = [r for r in residents if r.pk in consenting]
    helpers = rng.sample(with_consent, len(OFFERS))
    certified = [r for r in with_consent if r.certificate_of_conduct_on and r not in helpers]
    offers: list[Offer] = []
    for index, (category, text, needs_vog, participates, per_week, km) in enumerate(OFFERS):
        helper = helpers[index]
        if needs_vog and helper.certificate_of_conduct_on is None and certified:
            helper = certified.pop(0)
        if participates != helper.seeks_participation:
            helper.seeks_participation = participates
            helper.save(update_fields=["seeks_participation"])
        offers.append(
            actions.do_create_offer(
                helper,
                {
                    "category": category,
                    "description": text,
                    "availability": _slots(rng, 3, 6),
                    "per_week": per_week,
                    "max_distance_km": km,
                },
                SYSTEM,
            )
        )
    # Askers with consent, and one without: the need page then explains why it shows nothing.
    askers = rng.sample([r for r in with_consent if r not in helpers], len(NEEDS) - 1)
    askers.append(next(r for r in residents if r.pk not in consenting))
    needs: list[Need] = []
    for asker, (category, text, urgency, recurring) in zip(askers, NEEDS, strict=True):
        needs.append(
            actions.do_create_need(
                asker,
                {
                    "category": category,
                    "description": text,
                    "availability": _slots(rng, 2, 5),
                    "urgency": urgency,
                    "recurring": recurring,
                },
                SYSTEM,
            )
        )
    matches = _tell_stories(needs, buurtwerker)
    helper_account = context.objects["users"].get("henk")
    active = next((m for m in matches if m.state == Match.State.ACTIVE), None)
    if helper_account is not None and active is not None:
        # Henk volunteers at the community centre and helps a neighbour through a match.
        helper_account.resident = active.offer.resident
        helper_account.save(update_fields=["resident"])
    context.objects.update(offers=offers, needs=needs, matches=matches)


def _tell_stories(needs: list[Need], buurtwerker: Any) -> list[Match]:
    """Take the best suggestion for a few needs and walk each to its state in the story."""
    today = timezone.localdate()
    matches = []
    for index, state, note in MATCH_STORIES:
        need = needs[index]
        suggestions = queries.suggestions_for_need(buurtwerker, need)
        if not suggestions:
            continue
        offer = suggestions[0].offer
        match = actions.do_suggest_match(need, offer, SYSTEM)
        path = STORY_PATHS[state]
        for step in path:
            match = actions.do_transition_match(
                match,
                step,
                SYSTEM,
                note=note if step == state else "",
                end_reason=Match.EndReason.COMPLETED if step == Match.State.ENDED else "",
                evaluation="Beiden tevreden. Het contact blijft."
                if step == Match.State.ENDED
                else "",
            )
        if state in (Match.State.CONTACTED, Match.State.ACTIVE):
            # One overdue and one due this week, so the follow-up list has work in it.
            delay = -2 if state == Match.State.CONTACTED else 3
            actions.do_plan_follow_up(match, SYSTEM, follow_up_on=today + timedelta(days=delay))
        matches.append(match)
    in_progress = [m.pk for m in matches if m.state != Match.State.SUGGESTED]
    Match.objects.filter(pk__in=in_progress).update(assigned_to=buurtwerker)
    MatchEvent.objects.filter(match__in=matches).update(actor=buurtwerker)
    for match in matches:
        match.refresh_from_db()
    return matches


def remove() -> None:
    in_demo = {"resident__neighbourhood__district__municipality__name": DEMO_MUNICIPALITY}
    Need.objects.filter(**in_demo).delete()
    Offer.objects.filter(**in_demo).delete()
