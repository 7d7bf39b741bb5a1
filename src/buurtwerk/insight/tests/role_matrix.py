"""Expected role access for dashboards; collected by core/tests/test_role_matrix.py."""

from buurtwerk.core.permissions import Role

B, T, W, A = Role.BUURTWERKER, Role.TEAMLEIDER, Role.WIJKTEAM, Role.AREA_PARTNER
READ_ONLY = {"view": {B, T, W, A}, "add": set(), "change": set(), "delete": set()}

EXPECTED = {
    "insight.neighbourhooddashboard": READ_ONLY,
    "insight.teamdashboard": READ_ONLY,
}
