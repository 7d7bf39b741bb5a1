"""Pure planning logic for community work: recurrence, reconnect suggestions, charts.

No Django imports here, so everything can be unit-tested without a database.
"""
