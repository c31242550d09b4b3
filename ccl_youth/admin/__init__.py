"""Organization admins manage programs, cohorts, staff, youth, families and assignments."""
