"""Community centres and initiatives: activities, volunteers and their rota, rides, sign-ups.

What residents organise themselves is the heart of it; the professional's support is logged so
that the initiative can see itself grow towards the planned "step back" date.
"""

from .activities import Activity, ActivityRole, Occurrence, SignUp
from .initiatives import HandoverTask, Initiative, SupportLog
from .public import PublicSignUp, Registration
from .reconnect import ReconnectOutcome, ReconnectProfile
from .rides import DriverOffer, RideArrangement, RideRequest
from .rota import RotaPattern, Shift, Volunteer

__all__ = [
    "Activity",
    "ActivityRole",
    "DriverOffer",
    "HandoverTask",
    "Initiative",
    "Occurrence",
    "PublicSignUp",
    "ReconnectOutcome",
    "ReconnectProfile",
    "Registration",
    "RideArrangement",
    "RideRequest",
    "RotaPattern",
    "Shift",
    "SignUp",
    "SupportLog",
    "Volunteer",
]
