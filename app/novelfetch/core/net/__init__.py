"""Talking to sites: the HTTP session, retries, politeness gates, anti-bot walls and the
redaction of secrets."""
