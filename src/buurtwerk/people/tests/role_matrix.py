"""Expected role access for the people domain; collected by core/tests/test_role_matrix.py."""

from buurtwerk.core.permissions import Role

B, T, W, A, V, ADM = (
    Role.BUURTWERKER, Role.TEAMLEIDER, Role.WIJKTEAM, Role.AREA_PARTNER, Role.VOLUNTEER, Role.ADMIN,
)  # fmt: skip
EVERYONE = {B, T, W, A, V, ADM}
REFERENCE_DATA = {"view": EVERYONE, "add": {ADM}, "change": {ADM}, "delete": {ADM}}

EXPECTED = {
    "people.resident": {
        "view": {B, T, W, V},
        "add": {B, T, W},
        "change": {B, T, W},
        "delete": {T},
        "export": {T},
    },
    "people.consent": {"view": {B, T, W}, "add": {B, T, W}, "change": {B, T, W}, "delete": set()},
    "people.processingbasis": {
        "view": {B, T, W},
        "add": {B, T, W},
        "change": {B, T, W},
        "delete": set(),
    },  # fmt: skip
    "people.relation": {
        "view": {B, T, W},
        "add": {B, T, W},
        "change": {B, T, W},
        "delete": {B, T, W},
    },
    "people.municipality": REFERENCE_DATA,
    "people.district": REFERENCE_DATA,
    "people.neighbourhood": REFERENCE_DATA,
    "people.organisation": REFERENCE_DATA,
    "people.team": REFERENCE_DATA,
    "accounts.user": {"view": {ADM}, "add": {ADM}, "change": {ADM}, "delete": {ADM}},
    "audit.auditentry": {"view": {ADM}, "add": set(), "change": set(), "delete": set()},
}
