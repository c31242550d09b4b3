from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ccl_youth.db import Base, UTCDateTime, utcnow


class BadgeAward(Base):
    """A badge (``content/badges.yaml``) a youth earned: by its rule (``awarded_by_id`` None)
    or from staff with an evidence note. Never awarded twice; revoked with a reason, kept."""

    __tablename__ = "badge_award"
    __table_args__ = (
        UniqueConstraint("youth_id", "badge_slug"),
        # The award's place in its organization's revocation status list.
        UniqueConstraint("organization_id", "status_index"),
        Index("ix_badge_award_org_badge", "organization_id", "badge_slug"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id", ondelete="CASCADE"))
    youth_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), index=True)
    badge_slug: Mapped[str] = mapped_column(String(60))
    method: Mapped[str] = mapped_column(String(10))  # rule | staff
    evidence_note: Mapped[str] = mapped_column(Text, default="")
    awarded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("app_user.id", ondelete="SET NULL")
    )
    awarded_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The credential's id, "urn:uuid:…", fixed at award time so every download is the same
    # credential.
    credential_id: Mapped[str] = mapped_column(String(60), unique=True)
    status_index: Mapped[int]
    revoked_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("app_user.id", ondelete="SET NULL")
    )
    revoke_reason: Mapped[str] = mapped_column(Text, default="")
