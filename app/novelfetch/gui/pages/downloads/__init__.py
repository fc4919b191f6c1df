"""The Downloads page: its widgets, models and controller."""
