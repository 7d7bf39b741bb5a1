"""Expected role access for the social map; collected by core/tests/test_role_matrix.py."""

from buurtwerk.core.permissions import Role

B, T, W, A, V, ADM = (
    Role.BUURTWERKER, Role.TEAMLEIDER, Role.WIJKTEAM, Role.AREA_PARTNER, Role.VOLUNTEER, Role.ADMIN,
)  # fmt: skip
EVERYONE = {B, T, W, A, V, ADM}
MAP_DATA = {"view": EVERYONE, "add": {B, T, ADM}, "change": {B, T, ADM}, "delete": {ADM}}
HSDS_TABLES = (
    "organization", "program", "service", "location", "serviceatlocation", "address", "contact",
    "phone", "schedule", "language", "accessibility", "servicearea", "costoption", "funding",
    "requireddocument", "organizationidentifier", "taxonomy", "taxonomyterm", "attribute",
    "metadata", "metatabledescription",
)  # fmt: skip

EXPECTED = {
    **{f"socialmap.{table}": MAP_DATA for table in HSDS_TABLES},
    "socialmap.escalation": {"view": {B, T, V}, "add": {V}, "change": {B, T}, "delete": set()},
    "socialmap.referral": {
        "view": {B, T, W, V},
        "add": {B, T, W, V},
        "change": {B, T, W, V},
        "delete": set(),
    },
    "socialmap.unansweredsearch": {"view": {B, T}, "add": set(), "change": set(), "delete": set()},
    "socialmap.learnedterm": {
        "view": {B, T, ADM},
        "add": set(),
        "change": set(),
        "delete": {B, T, ADM},
    },
}
