"""Demo data so a fresh install has something to show."""
