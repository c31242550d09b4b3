"""Imports every model module so the shared metadata is complete (for migrations and tests)."""

from ccl_youth.accounts.models import ApiToken, ConsentRecord, Guardianship, User, YouthProfile
from ccl_youth.assessments.models import (
    AssessmentAttempt,
    AssessmentResponse,
    Instrument,
    InstrumentAssignment,
    InstrumentItem,
)
from ccl_youth.audit.models import AuditEvent
from ccl_youth.badges.models import BadgeAward
from ccl_youth.careers.models import (
    CareerCluster,
    FavoriteOccupation,
    Occupation,
    OccupationCluster,
)
from ccl_youth.credentials.models import SigningKey
from ccl_youth.events.models import EventRsvp, FamilyEvent, SpeakerOffer
from ccl_youth.experiences.models import (
    Activity,
    ActivityCluster,
    ActivityTactic,
    Participation,
    Reflection,
)
from ccl_youth.goals.models import Goal, GoalComment, GoalStep
from ccl_youth.notes.models import Note, NoteRead, NoteThread
from ccl_youth.partners.models import Partner, PartnerCluster, PartnerContact, RoleModel
from ccl_youth.placements.models import Evaluation, EvaluationRating, HoursEntry, Placement
from ccl_youth.plans.models import GraduationRequirement, Plan, PlanAidItem, PlanCourse
from ccl_youth.portfolio.models import (
    Portfolio,
    PortfolioItem,
    PortfolioSection,
    ShareLink,
    ShareVisit,
)
from ccl_youth.programs.models import Cohort, Enrollment, Organization, Program, StaffAssignment
from ccl_youth.progress.models import StageChange
from ccl_youth.resume.models import ResumeEntry
from ccl_youth.rights.models import DataRequest
from ccl_youth.skills.models import Evidence, EvidenceSkill

__all__ = [
    "DataRequest",
    "EventRsvp",
    "FamilyEvent",
    "Note",
    "NoteRead",
    "NoteThread",
    "SpeakerOffer",
    "GraduationRequirement",
    "Plan",
    "PlanAidItem",
    "PlanCourse",
    "Portfolio",
    "PortfolioItem",
    "PortfolioSection",
    "ResumeEntry",
    "ShareLink",
    "ShareVisit",
    "Goal",
    "GoalComment",
    "GoalStep",
    "BadgeAward",
    "SigningKey",
    "StageChange",
    "Evidence",
    "EvidenceSkill",
    "Activity",
    "ActivityCluster",
    "ActivityTactic",
    "Participation",
    "Reflection",
    "Partner",
    "PartnerCluster",
    "PartnerContact",
    "RoleModel",
    "Evaluation",
    "EvaluationRating",
    "HoursEntry",
    "Placement",
    "AssessmentAttempt",
    "AssessmentResponse",
    "CareerCluster",
    "FavoriteOccupation",
    "Instrument",
    "InstrumentAssignment",
    "InstrumentItem",
    "Occupation",
    "OccupationCluster",
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
