"""Pure casework logic without Django: routing, the status flow, diagrams and text checks.

Everything here works on plain values, so it is unit-tested without a database.
"""
