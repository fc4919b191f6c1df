"""The Sources page: its widgets, models and controller."""
