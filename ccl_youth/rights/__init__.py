"""Data rights: a family member (or the youth at 18) downloads everything held about the youth
and asks for corrections or deletion; admins handle the requests; the disclosure log."""
