from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ccl_youth.db import Base, UTCDateTime, utcnow


class SigningKey(Base):
    """An organization's Ed25519 key for signing credentials. The private key is stored
    encrypted with a key derived from the app's SECRET_KEY; the public key is published in
    the issuer profile as a Multikey. Retired keys stay so old credentials still verify."""

    __tablename__ = "signing_key"
    __table_args__ = (Index("ix_signing_key_org", "organization_id", "is_active"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id", ondelete="CASCADE"))
    public_key_multibase: Mapped[str] = mapped_column(String(80), unique=True)
    private_key_encrypted: Mapped[str] = mapped_column(Text)
    is_active: Mapped[bool] = mapped_column(default=True)
    created_dt: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    retired_dt: Mapped[datetime | None] = mapped_column(UTCDateTime)
