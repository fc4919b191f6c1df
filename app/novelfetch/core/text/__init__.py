"""Chapter text: cleaning, text options (conversion, encodings) and replacement rules."""
