from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ccl_youth.db import Base, UTCDateTime, utcnow


class DataRequest(Base):
    """A request about a youth's record. ``kind``: correction or deletion (downloads need no
    request). ``status``: open, done or declined, with the admin's ``resolution``. After a
    deletion ``youth_id`` is None and ``youth_ref`` keeps only an opaque reference."""

    __tablename__ = "data_request"
    __table_args__ = (Index("ix_data_request_organization_id", "organization_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id", ondelete="CASCADE"))
    youth_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    youth_ref: Mapped[str] = mapped_column(String(64), default="")
    requested_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("app_user.id", ondelete="SET NULL")
    )
    kind: Mapped[str] = mapped_column(String(12))
    details: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(10), default="open")
    resolution: Mapped[str] = mapped_column(Text, default="")
    handled_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("app_user.id", ondelete="SET NULL")
    )
    handled_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
