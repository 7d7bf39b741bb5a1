"""What the audit trail records, and the port through which core writes to it.

NEN 7513 asks that every access to personal data records who, when, what and why. The why is
a `Purpose`: one closed list, so that reports can group and count by it. Its values are the
Dutch texts that the audit screens show and that are stored, so older entries read the same.

The audit app owns the hash-chained log and installs it here when Django starts
(`install_audit_trail`), so that core writes to the log without importing a domain app.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from enum import StrEnum
from typing import Any, Protocol

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditVerb(models.TextChoices):
    VIEW = "view", _("bekeken")
    LIST = "list", _("lijst bekeken")
    CREATE = "create", _("aangemaakt")
    CHANGE = "change", _("gewijzigd")
    DELETE = "delete", _("verwijderd")
    EXPORT = "export", _("geëxporteerd")
    ERASE = "erase", _("gewist")
    DENIED = "denied", _("toegang geweigerd")
    LOGIN = "login", _("ingelogd")
    LOGIN_FAILED = "login_failed", _("inloggen mislukt")


class Purpose(StrEnum):
    """Why something was read or changed, as stored in the audit log."""

    # Login and accounts
    LOGIN = "inloggen"
    LOGIN_FAILED = "inloggen mislukt"
    CREATE_ACCOUNT = "account aanmaken"
    TWO_FACTOR = "tweestapsverificatie"
    SET_UP_TWO_FACTOR = "tweestapsverificatie instellen"
    TWO_FACTOR_SET_UP = "tweestapsverificatie ingesteld"
    TWO_FACTOR_FAILED = "tweestapsverificatie mislukt"
    TWO_FACTOR_RESET = "tweestapsverificatie hersteld"

    # Audit, retention, backup and privacy rights
    VIEW_AUDIT_LOG = "auditlog bekijken"
    RETENTION_EXPIRED = "bewaartermijn verlopen"
    RETENTION_APPLIED = "bewaartermijnen toegepast"
    BACKUP_RESTORED = "backup teruggezet"
    DEMO_CREATED = "demobuurt aangemaakt"
    BACK_OFFICE = "beheer"
    GDPR_ACCESS = "AVG: inzage"
    GDPR_ERASE_CLI = "AVG: wissen (commandoregel)"
    GDPR_ERASE_ON_REQUEST = "AVG: wissen op verzoek"

    # Residents, consent and networks
    LIST_RESIDENTS = "bewonerslijst"
    CHOOSE_RESIDENT = "bewoner kiezen"
    VIEW_RESIDENT = "bewonerspagina bekijken"
    CREATE_RESIDENT = "bewoner aanmaken"
    CHANGE_RESIDENT = "bewoner wijzigen"
    RECORD_LEGAL_BASIS = "grondslag vastleggen"
    RECORD_CONSENT = "toestemming vastleggen"
    WITHDRAW_CONSENT = "toestemming intrekken"
    UPDATE_NETWORK = "netwerk bijwerken"
    API_CHOICE = "API: keuze"
    API_RESIDENT = "API: bewoner"
    API_NETWORK = "API: netwerk"

    # Matching
    VIEW_OFFERS_AND_NEEDS = "aanbod en hulpvragen bekijken"
    RECORD_OFFER = "aanbod vastleggen"
    CHANGE_OFFER = "aanbod wijzigen"
    LIST_NEEDS = "hulpvragen bekijken"
    RECORD_NEED = "hulpvraag vastleggen"
    CHANGE_NEED = "hulpvraag wijzigen"
    VIEW_NEED_AND_SUGGESTIONS = "hulpvraag en suggesties bekijken"
    PROPOSE_MATCH = "koppeling voorstellen"
    VIEW_MATCH = "koppeling bekijken"
    UPDATE_MATCH = "koppeling bijwerken"
    FOLLOW_UP_MATCH = "koppeling opvolgen"
    MATCHES_TO_FOLLOW = "te volgen koppelingen"
    START_INTRODUCTION = "kennismaking starten"
    INTRODUCTION_BY_MATCH = "kennismaking via koppeling"
    IMPORT = "import"
    API_OFFER = "API: aanbod"
    API_NEED = "API: hulpvraag"
    API_MATCH = "API: koppeling"
    API_SUGGESTIONS = "API: suggesties"

    # Social map and the question box
    SOCIAL_MAP = "sociale kaart"
    ADD_SERVICE = "dienst toevoegen"
    CHANGE_SERVICE = "dienst wijzigen"
    IMPORT_SOCIAL_MAP = "sociale kaart importeren"
    FORGET_LEARNED_TERM = "vraagbaak: geleerde term vergeten"
    QUESTION_BOX = "vraagbaak"
    QUESTION_TO_WORKER = "vraag aan de buurtwerker"
    TAKE_UP_QUESTION = "vraag oppakken"
    VOLUNTEER_QUESTIONS = "vragen van vrijwilligers"
    LIST_REFERRALS = "doorverwijzingen"
    RECORD_REFERRAL = "doorverwijzing vastleggen"
    CALL_BACK_REFERRAL = "doorverwijzing nabellen"

    # Signals and routing
    LIST_SIGNALS = "signalenlijst"
    VIEW_SIGNAL = "signaal bekijken"
    REPORT_SIGNAL = "signaal melden"
    REPORT_SIGNAL_ONLINE = "online melding"
    ASSIGN_SIGNAL = "signaal toewijzen"
    SIGNAL_NOTES = "signaal notities"
    REOPEN_SIGNAL = "signaal heropenen"
    CHANGE_SIGNAL_STATUS = "signaal status wijzigen"
    VIEW_ROUTING = "routering bekijken"
    CHANGE_ROUTING = "routering wijzigen"
    ADD_FOLLOW_UP = "actie toevoegen"
    COMPLETE_FOLLOW_UP = "actie afronden"
    API_SIGNAL = "API: signaal"
    API_SIGNAL_STATUS = "API: signaal status"

    # Cases and the contact log
    LIST_CASES = "casuslijst"
    VIEW_CASE = "casus bekijken"
    OPEN_CASE = "casus openen"
    CHANGE_CASE = "casus wijzigen"
    ADD_PARTICIPANT = "betrokkene toevoegen"
    REMOVE_PARTICIPANT = "betrokkene verwijderen"
    ADD_GOAL = "doel toevoegen"
    GOAL_ACHIEVED = "doel bereikt"
    LINK_SIGNAL_TO_CASE = "signaal aan casus koppelen"
    LINK_TO_CASE = "koppeling aan casus"
    VIEW_NETWORK_MAP = "netwerkkaart bekijken"
    NETWORK_MAP = "netwerkkaart"
    CONTACT_LOG = "contactlog"
    CONTACT_REPORT = "contactrapport"
    RECORD_CONTACT = "contact vastleggen"
    DELETE_CONTACT = "contact verwijderen"
    API_CASE = "API: casus"
    API_CASE_LIST = "API: casuslijst"

    # Team meetings
    LIST_MEETINGS = "overleggen"
    VIEW_MEETING = "teamoverleg bekijken"
    PLAN_MEETING = "overleg plannen"
    UPDATE_AGENDA = "agenda bijwerken"
    ADD_AGENDA_ITEM = "agendapunt toevoegen"
    RECORD_DECISION = "besluit vastleggen"
    VIEW_MINUTES = "notulen bekijken"
    MINUTES_PDF = "notulen als pdf"
    CLOSE_MINUTES = "notulen vaststellen"
    API_MEETING = "API: overleg"
    API_DECISION = "API: besluit"

    # Community: initiatives, activities, rota and rides
    COMMUNITY_OVERVIEW = "buurthuis overzicht"
    VIEW_INITIATIVE = "initiatief bekijken"
    CREATE_INITIATIVE = "initiatief aanmaken"
    CHANGE_INITIATIVE = "initiatief wijzigen"
    RECORD_SUPPORT = "ondersteuning vastleggen"
    VIEW_ACTIVITY = "activiteit bekijken"
    CREATE_ACTIVITY = "activiteit aanmaken"
    CHANGE_ACTIVITY = "activiteit wijzigen"
    PLAN_ACTIVITY = "activiteit plannen"
    VIEW_OCCURRENCE = "keer bekijken"
    CANCEL_OCCURRENCE = "keer afzeggen"
    SIGN_UP = "aanmelden voor activiteit"
    RECORD_ATTENDANCE = "aanwezigheid bijhouden"
    REGISTER_VOLUNTEER = "vrijwilliger registreren"
    CHANGE_VOLUNTEER = "vrijwilliger wijzigen"
    MAKE_ROTA = "rooster maken"
    SHIFT_REMINDER_SENT = "herinnering dienst gestuurd"
    OWN_SHIFTS = "eigen diensten bekijken"
    REGISTER_DRIVER = "chauffeur registreren"
    REQUEST_RIDE = "rit aanvragen"
    VIEW_RIDE = "rit bekijken"
    CONFIRM_RIDE = "rit bevestigen"
    CANCEL_RIDE = "rit annuleren"
    MATCH_RIDES = "ritten koppelen"
    OWN_RIDES = "eigen ritten bekijken"
    AGREE_REGULAR_RIDE = "vaste rit afspreken"
    EXTEND_REGULAR_RIDE = "vaste rit doorzetten"
    EXTEND_REGULAR_RIDES = "vaste ritten doorzetten"
    STOP_REGULAR_RIDE = "vaste rit stoppen"
    LIST_REGISTRATIONS = "aanmeldingen bekijken"
    REGISTER_ON_NEIGHBOURHOOD_PAGE = "aanmelding via buurtpagina"
    FOLLOW_UP_REGISTRATION = "aanmelding opvolgen"
    CONFIRM_REGISTRATION = "aanmelding bevestigen"
    REJECT_REGISTRATION = "aanmelding afwijzen"
    RECONNECT_WISHES = "meedoen-wensen vastleggen"
    RECONNECT_SUGGESTIONS = "meedoen-suggesties"
    RECONNECT_SMALL_NETWORK = "meedoen: klein netwerk"
    RECONNECT_OUTCOME = "uitkomst meedoen vastleggen"
    CHANGE_DRIVER = "chauffeur wijzigen"
    DRIVE_RIDE_MYSELF = "rit zelf rijden"
    ARRANGE_RIDE = "rit regelen"
    RIDE_MAILED_TO_DRIVER = "rit gemaild aan chauffeur"
    LIST_VOLUNTEERS = "vrijwilligers bekijken"
    VIEW_VOLUNTEER = "vrijwilliger bekijken"
    PAUSE_VOLUNTEER = "vrijwilliger pauze"
    RESUME_VOLUNTEER = "vrijwilliger hervat"
    END_VOLUNTEER = "vrijwilliger stopt"
    VIEW_ROTA = "rooster bekijken"
    ROTA_PATTERN = "vast rooster"
    STOP_ROTA_PATTERN = "vast rooster stoppen"
    GIVE_BACK_SHIFT = "dienst teruggeven"
    SWAP_SHIFT = "dienst ruilen"
    STEP_BACK_PLAN = "terugstapplan"
    VIEW_STEP_BACK_PLAN = "terugstapplan bekijken"
    PUBLIC_SIGN_UP = "aanmelding activiteit via buurtpagina"
    PUBLIC_SIGN_UP_CANCELLED = "afmelding activiteit via buurtpagina"
    FROM_WAITING_LIST = "van de wachtlijst aangemeld"
    API_VOLUNTEERS = "API: vrijwilligers"
    API_VOLUNTEER = "API: vrijwilliger"
    API_ROTA = "API: rooster"
    API_INITIATIVE = "API: initiatief"
    API_ACTIVITY = "API: activiteit"
    API_SIGNUP = "API: aanmelding"
    API_RIDE = "API: rit"
    API_REQUEST_RIDE = "API: rit aanvragen"

    # Insight
    INSIGHT_OVERVIEW = "inzicht: overzicht"
    INSIGHT_DASHBOARD = "inzicht: dashboard bekijken"
    INSIGHT_TABLE_EXPORT = "inzicht: tabel"
    INSIGHT_ALL_TABLES_EXPORT = "inzicht: alle tabellen als xlsx"
    INSIGHT_MONTHLY_REPORT = "inzicht: maandrapport"

    # A refused attempt without a purpose of its own, per permission action
    ATTEMPT_VIEW = "poging: view"
    ATTEMPT_ADD = "poging: add"
    ATTEMPT_CHANGE = "poging: change"
    ATTEMPT_DELETE = "poging: delete"
    ATTEMPT_EXPORT = "poging: export"

    def detailed(self, detail: str) -> DetailedPurpose:
        """This purpose with what exactly was asked for, such as which table or month."""
        return DetailedPurpose(f"{self.value} {detail}", self)


class DetailedPurpose(str):
    """A purpose followed by a detail; reports group it under `purpose`."""

    purpose: Purpose

    def __new__(cls, text: str, purpose: Purpose) -> DetailedPurpose:
        made = super().__new__(cls, text)
        made.purpose = purpose
        return made


# What an audit entry may give as its purpose.
type Why = Purpose | DetailedPurpose


class AuditTrail(Protocol):
    def record(
        self,
        actor: Any,
        verb: AuditVerb | str,
        target: Any = None,
        *,
        purpose: Why | None = None,
        fields: Iterable[str] = (),
        object_id: str | int | None = None,
    ) -> Any: ...

    def record_denied(
        self, actor: Any, action: Any, target: Any, *, purpose: Why | None = None
    ) -> Any: ...

    def verify_chain(self) -> list[int]: ...


_installed: AuditTrail | None = None


def install_audit_trail(trail: AuditTrail) -> None:
    global _installed
    _installed = trail


_held_denials: ContextVar[list[Callable[[], Any]] | None] = ContextVar("held_denials", default=None)


def record_denied(actor: Any, action: Any, target: Any, *, purpose: Why | None = None) -> None:
    """Log a refused attempt. Inside an action the entry waits until the action's transaction
    has ended, so that rolling back the refused change does not roll back its trace."""
    held = _held_denials.get()
    if held is None:
        audit_trail().record_denied(actor, action, target, purpose=purpose)
    else:
        held.append(lambda: audit_trail().record_denied(actor, action, target, purpose=purpose))


@contextmanager
def holding_denials() -> Iterator[None]:
    if _held_denials.get() is not None:
        # An action inside another: the outer one writes after its own transaction.
        yield
        return
    token = _held_denials.set([])
    try:
        yield
    finally:
        held = _held_denials.get() or []
        _held_denials.reset(token)
        for write in held:
            write()


def audit_trail() -> AuditTrail:
    if _installed is None:
        raise ImproperlyConfigured(
            "Geen auditlog geïnstalleerd: staat buurtwerk.audit in INSTALLED_APPS?"
        )
    return _installed
