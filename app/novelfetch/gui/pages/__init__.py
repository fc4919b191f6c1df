"""The window's pages, each a widget that talks to the core through a controller."""
