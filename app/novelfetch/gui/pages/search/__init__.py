"""The Search page: its widgets, models and controller."""
