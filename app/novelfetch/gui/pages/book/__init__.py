"""The Book page: its widgets, models and controller."""
