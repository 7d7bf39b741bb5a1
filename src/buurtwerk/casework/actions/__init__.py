"""Changes to signals, cases, contacts and meetings, one module per part of the work.

Each action checks permission, runs atomically and writes the audit log (field names, never
values). Views, the API and commands call these functions; none of them saves a model itself.
"""

from .cases import (
    do_add_goal,
    do_add_participant,
    do_link_to_case,
    do_mark_goal_achieved,
    do_open_case,
    do_remove_participant,
    do_update_case,
)
from .contacts import do_delete_contact, do_log_contact
from .follow_ups import do_add_follow_up, do_complete_follow_up
from .meetings import (
    do_add_agenda_item,
    do_close_meeting,
    do_plan_meeting,
    do_record_decision,
    do_refresh_agenda,
)
from .routing import (
    do_delete_routing_rule,
    do_save_routing_rule,
)
from .signals import (
    do_assign_signal,
    do_report_public_signal,
    do_report_signal,
    do_transition_signal,
    do_update_signal_notes,
)

__all__ = [
    "do_add_agenda_item",
    "do_add_follow_up",
    "do_add_goal",
    "do_add_participant",
    "do_assign_signal",
    "do_close_meeting",
    "do_complete_follow_up",
    "do_delete_contact",
    "do_delete_routing_rule",
    "do_link_to_case",
    "do_log_contact",
    "do_mark_goal_achieved",
    "do_open_case",
    "do_plan_meeting",
    "do_record_decision",
    "do_refresh_agenda",
    "do_remove_participant",
    "do_report_public_signal",
    "do_report_signal",
    "do_save_routing_rule",
    "do_transition_signal",
    "do_update_case",
    "do_update_signal_notes",
]
