"""The library: books kept, their reading order, the whole-book files written for them, and
updates."""
