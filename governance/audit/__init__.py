"""Audit trail: who changed which record, when, from what to what, in which request."""
