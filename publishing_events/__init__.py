"""The event log of public changes (an outbox): one row per change of what
the public sees, written in the transaction of the change, served to the
central portal at /api/v1/changes/."""
