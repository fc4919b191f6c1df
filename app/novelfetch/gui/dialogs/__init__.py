"""The window's dialogs: settings, replacement rules, export, replace-file prompt."""
