"""Importing the newsletter archive: scanned issues become draft events for review."""
