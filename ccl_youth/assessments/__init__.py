"""Interest inventories and self-checks: instruments, attempts, answers and assignments."""
