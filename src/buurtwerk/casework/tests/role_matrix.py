"""Expected role access for the casework domain; collected by core/tests/test_role_matrix.py."""

from buurtwerk.core.permissions import Role

B, T, W, A, V, ADM = (
    Role.BUURTWERKER, Role.TEAMLEIDER, Role.WIJKTEAM, Role.AREA_PARTNER, Role.VOLUNTEER, Role.ADMIN,
)  # fmt: skip
EVERYONE = {B, T, W, A, V, ADM}
PROFESSIONALS = {B, T, W}
TEAM = {B, T, W, A}
CASE_PART = {
    "view": PROFESSIONALS,
    "add": PROFESSIONALS,
    "change": PROFESSIONALS,
    "delete": PROFESSIONALS,
}
MEETING_PART = {"view": TEAM, "add": TEAM, "change": TEAM, "delete": set()}

EXPECTED = {
    "casework.signalcategory": {"view": EVERYONE, "add": {ADM}, "change": {ADM}, "delete": {ADM}},
    "casework.routingrule": {
        "view": {T, ADM},
        "add": {T, ADM},
        "change": {T, ADM},
        "delete": {T, ADM},
    },
    # Everyone may report a signal and follow their own; only the team works on it.
    "casework.signal": {"view": EVERYONE, "add": EVERYONE, "change": TEAM, "delete": set()},
    "casework.signaltransition": {"view": TEAM, "add": set(), "change": set(), "delete": set()},
    "casework.followup": {"view": TEAM, "add": TEAM, "change": TEAM, "delete": set()},
    "casework.case": {
        "view": PROFESSIONALS,
        "add": PROFESSIONALS,
        "change": PROFESSIONALS,
        "delete": set(),
    },
    "casework.caseparticipant": CASE_PART,
    "casework.casegoal": CASE_PART,
    "casework.caselink": CASE_PART,
    "casework.contact": CASE_PART,
    "casework.meeting": MEETING_PART,
    "casework.agendaitem": MEETING_PART,
    "casework.decision": MEETING_PART,
}
