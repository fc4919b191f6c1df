"""The window's plumbing: start-up, the event loop, crash handling, translations, theme, icons
and settings."""
