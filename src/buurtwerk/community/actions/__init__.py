"""Changes to community data, one module per part of the work.

Each action checks permission, runs atomically and writes the audit log (field names only).
Views, the API and the `buurtwerk remind` command call these.
"""

from .activities import (
    do_cancel_occurrence,
    do_create_activity,
    do_plan_occurrences,
    do_update_activity,
)
from .initiatives import (
    do_add_handover_task,
    do_create_initiative,
    do_hand_over_task,
    do_log_support,
    do_take_back_task,
    do_update_initiative,
)
from .listening import can_pass_on, do_pass_on_signal
from .public import (
    CONSENT_TEXT,
    PLACE_FREE_SUBJECT,
    SIGNUP_SUBJECT,
    do_cancel_public_sign_up,
    do_confirm_registration,
    do_public_sign_up,
    do_reject_registration,
    do_submit_registration,
    signup_from_token,
    signup_token,
)
from .reconnect import do_record_reconnect_outcome, do_save_reconnect_profile
from .rides import (
    RIDE_CANCELLED_SUBJECT,
    RIDE_SUBJECT,
    do_arrange_ride,
    do_confirm_ride,
    do_drive_ride_myself,
    do_offer_driving,
    do_propose_rides,
    do_request_ride,
    do_stop_arrangement,
    do_update_driver_offer,
)
from .rota import (
    REMINDER_SUBJECT,
    do_assign_shift,
    do_create_rota_pattern,
    do_end_volunteer,
    do_give_back_shift,
    do_pause_volunteer,
    do_register_volunteer,
    do_remove_shift,
    do_resume_volunteer,
    do_send_shift_reminders,
    do_stop_rota_pattern,
    do_swap_shift,
    do_update_volunteer,
)
from .signups import do_record_attendance, do_sign_up

__all__ = [
    "CONSENT_TEXT",
    "PLACE_FREE_SUBJECT",
    "SIGNUP_SUBJECT",
    "do_cancel_public_sign_up",
    "do_public_sign_up",
    "signup_from_token",
    "signup_token",
    "REMINDER_SUBJECT",
    "RIDE_CANCELLED_SUBJECT",
    "RIDE_SUBJECT",
    "do_arrange_ride",
    "do_assign_shift",
    "do_cancel_occurrence",
    "do_confirm_registration",
    "do_confirm_ride",
    "do_create_activity",
    "do_create_initiative",
    "do_create_rota_pattern",
    "do_drive_ride_myself",
    "do_end_volunteer",
    "do_give_back_shift",
    "do_hand_over_task",
    "do_log_support",
    "can_pass_on",
    "do_add_handover_task",
    "do_offer_driving",
    "do_pass_on_signal",
    "do_pause_volunteer",
    "do_plan_occurrences",
    "do_propose_rides",
    "do_record_attendance",
    "do_record_reconnect_outcome",
    "do_register_volunteer",
    "do_reject_registration",
    "do_remove_shift",
    "do_request_ride",
    "do_resume_volunteer",
    "do_save_reconnect_profile",
    "do_send_shift_reminders",
    "do_sign_up",
    "do_stop_arrangement",
    "do_stop_rota_pattern",
    "do_submit_registration",
    "do_swap_shift",
    "do_take_back_task",
    "do_update_activity",
    "do_update_driver_offer",
    "do_update_initiative",
    "do_update_volunteer",
]
