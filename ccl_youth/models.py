"""Imports every model module so the shared metadata is complete (for migrations and tests)."""

from ccl_youth.accounts.models import ApiToken, ConsentRecord, Guardianship, User, YouthProfile
from ccl_youth.audit.models import AuditEvent
from ccl_youth.programs.models import Cohort, Enrollment, Organization, Program, StaffAssignment

__all__ = [
    "ApiToken",
    "AuditEvent",
    "Cohort",
    "ConsentRecord",
    "Enrollment",
    "Guardianship",
    "Organization",
    "Program",
    "StaffAssignment",
    "User",
    "YouthProfile",
]
