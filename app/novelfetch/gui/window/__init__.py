"""The main window: its shell of tabs, menus and message bar, and the wiring of the pages."""
