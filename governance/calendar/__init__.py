"""Calendar feeds (RFC 5545) that leaders subscribe to, and single events as .ics files."""
