"""Accounts: users and roles, login sessions, API tokens, permissions and visibility."""
