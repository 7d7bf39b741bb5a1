"""Expected role access for the community domain; collected by core/tests/test_role_matrix.py."""

from buurtwerk.core.permissions import Role

B, T, W, A, V = (
    Role.BUURTWERKER, Role.TEAMLEIDER, Role.WIJKTEAM, Role.AREA_PARTNER, Role.VOLUNTEER,
)  # fmt: skip
IN_NEIGHBOURHOOD = {B, T, W, A, V}
PLANNED = {"view": IN_NEIGHBOURHOOD, "add": {B, T}, "change": {B, T}, "delete": {T}}

EXPECTED = {
    "community.initiative": PLANNED,
    "community.activity": PLANNED,
    "community.occurrence": PLANNED,
    "community.supportlog": {"view": {B, T}, "add": {B, T}, "change": {B, T}, "delete": {B, T}},
    "community.signup": {
        "view": {B, T, W},
        "add": {B, T, W},
        "change": {B, T, W},
        "delete": {B, T},
    },
    "community.volunteer": {"view": {B, T, W, V}, "add": {B, T}, "change": {B, T}, "delete": {T}},
    "community.shift": {"view": {B, T, V}, "add": {B, T}, "change": {B, T}, "delete": {B, T}},
    "community.driveroffer": {"view": {B, T, V}, "add": {B, T}, "change": {B, T}, "delete": {B, T}},
    "community.ridearrangement": {
        "view": {B, T, V},
        "add": {B, T},
        "change": {B, T},
        "delete": set(),
    },
    "community.riderequest": {
        "view": {B, T, W, V},
        "add": {B, T, W},
        "change": {B, T},
        "delete": set(),
    },
    "community.registration": {"view": {B, T}, "add": set(), "change": {B, T}, "delete": {T}},
    "community.reconnectprofile": {
        "view": {B, T, W},
        "add": {B, T, W},
        "change": {B, T, W},
        "delete": set(),
    },
    "community.reconnectoutcome": {
        "view": {B, T, W},
        "add": {B, T, W},
        "change": set(),
        "delete": set(),
    },
}
