"""Rule-file sources: Legado book sources and so-novel rules, evaluated without JavaScript."""
