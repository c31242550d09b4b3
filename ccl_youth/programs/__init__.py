"""Organizations, programs, cohorts, staff assignments and enrollments."""
