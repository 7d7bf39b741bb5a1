"""Reads of casework data, always scoped to the asking user, one module per part of the work.

Opening a confidential signal or a case writes an audit entry here, so views, API and CLI
cannot forget to. A record outside the user's reach gives 404 and the attempt is logged.
"""

from .cases import (
    case_contacts,
    case_follow_ups,
    case_signals,
    cases_visible_to,
    get_case_for,
    list_cases_for,
    wijkteams_of,
)
from .contacts import Period, contact_split, contacts_visible_to, recent_days
from .meetings import (
    agenda_for,
    agenda_sources,
    get_meeting_for,
    meeting_teams_of,
    meetings_visible_to,
    open_follow_ups_of,
)
from .network import may_see_network, network_map_of
from .routing import routing_rules_for, teams_for_rules
from .signals import (
    SignalAccess,
    categories_for_reporting,
    get_signal_for,
    signal_access,
    signal_follow_ups,
    signals_visible_to,
    team_members,
    team_signals_for,
)

__all__ = [
    "Period",
    "SignalAccess",
    "agenda_for",
    "agenda_sources",
    "case_contacts",
    "case_follow_ups",
    "case_signals",
    "cases_visible_to",
    "categories_for_reporting",
    "contact_split",
    "contacts_visible_to",
    "get_case_for",
    "get_meeting_for",
    "get_signal_for",
    "list_cases_for",
    "may_see_network",
    "meeting_teams_of",
    "meetings_visible_to",
    "network_map_of",
    "open_follow_ups_of",
    "recent_days",
    "routing_rules_for",
    "signal_access",
    "signal_follow_ups",
    "signals_visible_to",
    "team_members",
    "team_signals_for",
    "teams_for_rules",
    "wijkteams_of",
]
