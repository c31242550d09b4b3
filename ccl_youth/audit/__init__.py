"""Who did what to which youth, and when."""
