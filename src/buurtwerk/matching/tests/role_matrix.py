"""Expected role access for the matching domain; collected by core/tests/test_role_matrix.py."""

from buurtwerk.core.permissions import Role

B, T, W, A, V, ADM = (
    Role.BUURTWERKER, Role.TEAMLEIDER, Role.WIJKTEAM, Role.AREA_PARTNER, Role.VOLUNTEER, Role.ADMIN,
)  # fmt: skip

# Volunteers only read, and only their own offers and the matches they help in.
MANAGED_BY_PROFESSIONALS = {
    "view": {B, T, W, V},
    "add": {B, T, W},
    "change": {B, T, W},
    "delete": set(),
}

EXPECTED = {
    "matching.offer": MANAGED_BY_PROFESSIONALS,
    "matching.need": MANAGED_BY_PROFESSIONALS,
    "matching.match": MANAGED_BY_PROFESSIONALS,
    "matching.matchevent": {"view": {B, T, W}, "add": set(), "change": set(), "delete": set()},
}
