"""Rules shared by every feature. Nothing in this package imports Flask."""
