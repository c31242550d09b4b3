from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ccl_youth.core.roles import ConsentState, GuardianshipStatus, Role, Stage
from ccl_youth.db import Base, UTCDateTime, utcnow


class User(Base):
    """Anyone who signs in. One role each; youth need no e-mail address."""

    __tablename__ = "app_user"
    __table_args__ = (Index("ix_user_org_role", "organization_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(10))
    # Stored lower-case: usernames are compared without regard to case.
    username: Mapped[str] = mapped_column(String(60), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(200))
    is_active: Mapped[bool] = mapped_column(default=True)
    # Bumped whenever every other session of this user must end (password change, deactivation).
    session_version: Mapped[int] = mapped_column(default=1)
    preferred_language: Mapped[str] = mapped_column(String(5), default="en")
    created_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_sign_in_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)
    password_changed_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)

    youth_profile: Mapped[YouthProfile | None] = relationship(
        back_populates="user", uselist=False, lazy="raise"
    )

    @property
    def role_enum(self) -> Role:
        return Role(self.role)

    # Flask-Login protocol, kept here so the model needs no Flask import.
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"


class YouthProfile(Base):
    """What the program knows about a youth beyond the account."""

    __tablename__ = "youth_profile"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("app_user.id", ondelete="CASCADE"), primary_key=True
    )
    grade: Mapped[int]
    # Birth year and month only: enough to know who is under 13, no more.
    birth_year: Mapped[int | None]
    birth_month: Mapped[int | None]
    school: Mapped[str] = mapped_column(String(200), default="")
    stage: Mapped[str] = mapped_column(String(20), default=Stage.AWARENESS.value)
    consent_state: Mapped[str] = mapped_column(String(20), default=ConsentState.NOT_REQUIRED.value)
    directory_opt_out: Mapped[bool] = mapped_column(default=False)

    user: Mapped[User] = relationship(back_populates="youth_profile", lazy="raise")


class Guardianship(Base):
    """A family member's link to one youth: invited (code issued), active or revoked."""

    __tablename__ = "guardianship"
    __table_args__ = (
        Index("ix_guardianship_family_id", "family_id"),
        Index("ix_guardianship_youth_id", "youth_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    youth_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"))
    family_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(10), default=GuardianshipStatus.INVITED.value)
    relationship_label: Mapped[str] = mapped_column(String(40), default="")
    # The invitation code itself is never stored, only its SHA-256.
    code_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    code_expires_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)
    invited_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("app_user.id", ondelete="SET NULL")
    )
    created_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    accepted_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ConsentRecord(Base):
    """One consent given or withdrawn for a youth, kept forever as evidence."""

    __tablename__ = "consent_record"

    id: Mapped[int] = mapped_column(primary_key=True)
    youth_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    state: Mapped[str] = mapped_column(String(20))
    method: Mapped[str] = mapped_column(String(30))
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("app_user.id", ondelete="SET NULL")
    )
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ApiToken(Base):
    """A personal access token for the JSON API; only its SHA-256 is stored."""

    __tablename__ = "api_token"
    __table_args__ = (UniqueConstraint("token_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    token_hash: Mapped[str] = mapped_column(String(64))
    # The first characters, shown so people can tell their tokens apart.
    prefix: Mapped[str] = mapped_column(String(12))
    created_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)
