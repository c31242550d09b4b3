"""Public pages anyone may read without signing in: About and credits."""
