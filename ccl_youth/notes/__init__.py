"""Secure notes: threads about one youth between the staff, family and youth who may see that
youth; staff may keep a thread to staff only."""
