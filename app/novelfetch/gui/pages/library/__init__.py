"""The Library page: its widgets, models and controller."""
