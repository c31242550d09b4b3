"""Users, youth profiles, families, consent, sign-in and API tokens."""
