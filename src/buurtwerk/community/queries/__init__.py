"""Reads of community data, scoped to the asking user; public reads carry no personal data.

One module per part of the work.
"""

from .activities import (
    activities_visible_to,
    get_activity_for,
    get_occurrence_for,
    signups_for,
    upcoming_occurrences_visible_to,
)
from .initiatives import (
    get_initiative_for,
    initiatives_visible_to,
    self_reliance,
)
from .public import (
    get_registration_for,
    pending_registrations_for,
    public_activities,
    public_neighbourhood,
    public_occurrence,
    public_signups_for,
    public_upcoming,
)
from .reconnect import (
    recent_reconnect_outcomes,
    reconnect_candidates,
    reconnect_suggestions,
)
from .rides import get_ride_request_for, own_upcoming_rides, ride_requests_for, rides_driven_by
from .rota import (
    VolunteerFilter,
    get_volunteer_for,
    own_upcoming_shifts,
    own_volunteer,
    patterns_of,
    rota,
    rota_gaps,
    shift_load,
    shifts_of,
    swap_candidates,
    volunteers_of,
    volunteers_visible_to,
)

__all__ = [
    "VolunteerFilter",
    "activities_visible_to",
    "get_activity_for",
    "get_initiative_for",
    "get_occurrence_for",
    "get_registration_for",
    "get_ride_request_for",
    "get_volunteer_for",
    "initiatives_visible_to",
    "own_upcoming_rides",
    "own_upcoming_shifts",
    "own_volunteer",
    "patterns_of",
    "pending_registrations_for",
    "public_activities",
    "public_neighbourhood",
    "public_occurrence",
    "public_signups_for",
    "public_upcoming",
    "recent_reconnect_outcomes",
    "reconnect_candidates",
    "reconnect_suggestions",
    "ride_requests_for",
    "rides_driven_by",
    "rota",
    "rota_gaps",
    "self_reliance",
    "shift_load",
    "shifts_of",
    "signups_for",
    "swap_candidates",
    "upcoming_occurrences_visible_to",
    "volunteers_of",
    "volunteers_visible_to",
]
