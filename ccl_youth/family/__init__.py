"""What families see of their own youth."""
