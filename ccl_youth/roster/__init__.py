"""Staff work with youth: rosters, youth records, sign-in cards and family invitations."""
