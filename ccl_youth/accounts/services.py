"""Accounts: creating users and youth, sign-in, passwords, families and API tokens.

Every function takes the session and the acting user explicitly, flushes and never commits.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ccl_youth.accounts.models import ApiToken, ConsentRecord, Guardianship, User, YouthProfile
from ccl_youth.audit.services import record_event
from ccl_youth.core import secrets as sec
from ccl_youth.core.errors import Forbidden, NotFound, ValidationFailed
from ccl_youth.core.i18n import N_
from ccl_youth.core.policies import Action, can, require, role_may
from ccl_youth.core.roles import (
    LANGUAGES,
    ConsentState,
    GuardianshipStatus,
    Role,
    is_under_13,
    stage_for_grade,
)
from ccl_youth.db import utcnow
from ccl_youth.programs.models import Cohort, Enrollment, Organization
from ccl_youth.programs.services import add_enrollment

USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{2,39}$")
MIN_PASSWORD = {Role.YOUTH: 6, Role.FAMILY: 8, Role.STAFF: 8, Role.ADMIN: 8}
MAX_PASSWORD = 128
INVITATION_DAYS = 14


@dataclass(frozen=True)
class Credential:
    """A youth account with the secret just made for it, to print once on a sign-in card."""

    user: User
    secret: str
    is_pin: bool


@dataclass(frozen=True)
class YouthDetails:
    display_name: str
    grade: int
    birth_year: int | None = None
    birth_month: int | None = None
    school: str = ""
    preferred_language: str = "en"
    directory_opt_out: bool = False


def normalise_username(username: str) -> str:
    return username.strip().lower()


def check_password_rules(role: Role, password: str, field: str = "password") -> None:
    """Raise ValidationFailed when the password is too short or too long for the role."""
    if len(password) < MIN_PASSWORD[role]:
        raise ValidationFailed(
            **{
                field: N_(
                    "Use at least %(min_password)s characters.", min_password=MIN_PASSWORD[role]
                )
            }
        )
    if len(password) > MAX_PASSWORD:
        raise ValidationFailed(
            **{field: N_("Use at most %(max_password)s characters.", max_password=MAX_PASSWORD)}
        )


def _check_username_free(session: Session, username: str) -> str:
    name = normalise_username(username)
    if not USERNAME_RE.match(name):
        raise ValidationFailed(
            username=N_(
                "Use 3 to 40 letters, digits, dots, dashes or underscores, "
                "starting with a letter or digit."
            )
        )
    if session.scalar(select(User.id).where(User.username == name)) is not None:
        raise ValidationFailed(username=N_("That username is taken. Try another."))
    return name


def _check_youth_details(details: YouthDetails, today: date) -> None:
    errors: dict[str, list[str]] = {}
    if not details.display_name.strip():
        errors["display_name"] = [N_("Enter a name.")]
    if details.grade not in range(0, 13):
        errors["grade"] = [N_("Choose K or a grade from 1 to 12.")]
    if (details.birth_year is None) != (details.birth_month is None):
        errors["birth_year"] = [N_("Give both the birth year and month, or neither.")]
    if details.birth_year is not None and not (today.year - 20 <= details.birth_year <= today.year):
        errors["birth_year"] = [
            N_(
                "Enter a year between %(first)s and %(last)s.",
                first=today.year - 20,
                last=today.year,
            )
        ]
    if details.birth_month is not None and not 1 <= details.birth_month <= 12:
        errors["birth_month"] = [N_("Choose a month.")]
    if details.preferred_language not in LANGUAGES:
        errors["preferred_language"] = [N_("Choose a language from the list.")]
    if errors:
        raise ValidationFailed(errors)


def create_user(
    session: Session,
    organization: Organization,
    role: Role,
    username: str,
    password: str,
    display_name: str,
    *,
    actor: User | None = None,
    youth: YouthDetails | None = None,
    today: date | None = None,
    password_hash: str | None = None,
) -> User:
    """Create an account of any role; youth get a profile. ``password_hash`` lets demo data
    reuse one hash of ``password``. Raises ValidationFailed."""
    name = _check_username_free(session, username)
    check_password_rules(role, password)
    if not display_name.strip():
        raise ValidationFailed(display_name=N_("Enter a name."))
    if role is Role.YOUTH and youth is None:
        raise ValidationFailed(grade=N_("A youth account needs a grade."))
    today = today or date.today()
    if youth is not None:
        _check_youth_details(youth, today)
    user = User(
        organization_id=organization.id,
        role=role.value,
        username=name,
        display_name=display_name.strip(),
        password_hash=password_hash or sec.hash_password(password),
        preferred_language=youth.preferred_language if youth else "en",
    )
    session.add(user)
    session.flush()
    if role is Role.YOUTH and youth is not None:
        consent = (
            ConsentState.PENDING
            if is_under_13(youth.birth_year, youth.birth_month, today)
            else ConsentState.NOT_REQUIRED
        )
        session.add(
            YouthProfile(
                user_id=user.id,
                grade=youth.grade,
                birth_year=youth.birth_year,
                birth_month=youth.birth_month,
                school=youth.school.strip(),
                stage=stage_for_grade(youth.grade).value,
                consent_state=consent.value,
                directory_opt_out=youth.directory_opt_out,
            )
        )
    record_event(
        session,
        "user.create",
        actor=actor,
        organization_id=organization.id,
        youth_id=user.id if role is Role.YOUTH else None,
        target_type="user",
        target_id=user.id,
        role=role.value,
    )
    session.flush()
    return user


def ascii_fold(text: str) -> str:
    """Letters without their accents ('José' → 'Jose'), other non-ASCII dropped."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def suggest_username(session: Session, display_name: str) -> str:
    """A free username from the first name plus digits, e.g. 'maya27'."""
    first = ascii_fold(display_name.strip().split(" ")[0]).lower()
    base = re.sub(r"[^a-z0-9]", "", first)[:16] or "youth"
    if len(base) < 3:
        base = (base + "kid")[:16]
    taken = set(session.scalars(select(User.username).where(User.username.like(f"{base}%"))).all())
    for _ in range(200):
        candidate = f"{base}{sec.generate_pin()[:3]}"
        if candidate not in taken:
            return candidate
    return f"{base}{sec.generate_pin()}"


def create_youth(
    session: Session,
    actor: User,
    cohort: Cohort,
    details: YouthDetails,
    *,
    use_pin: bool,
    username: str | None = None,
) -> Credential:
    """Create a youth in a cohort the actor works with and make their first secret.
    Raises NotFound/Forbidden for a cohort out of scope, ValidationFailed for bad details."""
    require(session, actor, Action.ADD_YOUTH_TO_COHORT, cohort)
    _check_youth_details(details, date.today())
    secret = sec.generate_pin() if use_pin else sec.generate_password()
    organization = session.get(Organization, cohort.organization_id)
    assert organization is not None
    user = create_user(
        session,
        organization,
        Role.YOUTH,
        username or suggest_username(session, details.display_name),
        secret,
        details.display_name,
        actor=actor,
        youth=details,
    )
    add_enrollment(session, user, cohort, actor)
    return Credential(user=user, secret=secret, is_pin=use_pin)


def update_youth(session: Session, actor: User, youth: User, details: YouthDetails) -> list[str]:
    """Change a youth's name, grade, birth month, school or language; returns changed fields.
    Raises NotFound/Forbidden, ValidationFailed."""
    require(session, actor, Action.EDIT_YOUTH, youth)
    today = date.today()
    _check_youth_details(details, today)
    profile = session.get(YouthProfile, youth.id)
    assert profile is not None
    changed: list[str] = []
    if youth.display_name != details.display_name.strip():
        youth.display_name = details.display_name.strip()
        changed.append("display_name")
    if youth.preferred_language != details.preferred_language:
        youth.preferred_language = details.preferred_language
        changed.append("preferred_language")
    for field in ("grade", "birth_year", "birth_month"):
        if getattr(profile, field) != getattr(details, field):
            setattr(profile, field, getattr(details, field))
            changed.append(field)
    if profile.school != details.school.strip():
        profile.school = details.school.strip()
        changed.append("school")
    if profile.directory_opt_out != details.directory_opt_out:
        profile.directory_opt_out = details.directory_opt_out
        changed.append("directory_opt_out")
    if "grade" in changed:
        profile.stage = stage_for_grade(details.grade).value
    if {"birth_year", "birth_month"} & set(changed) and profile.consent_state in (
        ConsentState.NOT_REQUIRED.value,
        ConsentState.PENDING.value,
    ):
        under = is_under_13(details.birth_year, details.birth_month, today)
        profile.consent_state = (
            ConsentState.PENDING.value if under else ConsentState.NOT_REQUIRED.value
        )
    if changed:
        record_event(
            session,
            "youth.update",
            actor=actor,
            youth_id=youth.id,
            target_type="user",
            target_id=youth.id,
            fields=changed,
        )
    session.flush()
    return changed


def set_password(user: User, password: str) -> None:
    """Store a new hash and end every session the user has open."""
    user.password_hash = sec.hash_password(password)
    user.password_changed_dt = utcnow()
    user.session_version += 1


def reset_youth_credentials(
    session: Session, actor: User, youth: User, *, use_pin: bool
) -> Credential:
    """Give a youth a new password or PIN (for a new sign-in card).
    Raises NotFound/Forbidden."""
    require(session, actor, Action.RESET_CREDENTIALS, youth)
    secret = sec.generate_pin() if use_pin else sec.generate_password()
    set_password(youth, secret)
    record_event(
        session,
        "user.reset_password",
        actor=actor,
        youth_id=youth.id,
        target_type="user",
        target_id=youth.id,
    )
    session.flush()
    return Credential(user=youth, secret=secret, is_pin=use_pin)


def issue_cohort_cards(
    session: Session, actor: User, cohort: Cohort, *, use_pin: bool
) -> list[Credential]:
    """New secrets for every active youth the actor may manage in a cohort, in name order.
    Raises NotFound/Forbidden for the cohort."""
    require(session, actor, Action.VIEW_COHORT, cohort)
    youth = session.scalars(
        select(User)
        .join(Enrollment, Enrollment.youth_id == User.id)
        .where(Enrollment.cohort_id == cohort.id, User.is_active.is_(True))
        .order_by(func.lower(User.display_name), User.id)
    ).all()
    return [reset_youth_credentials(session, actor, y, use_pin=use_pin) for y in youth]


def admin_reset_password(session: Session, actor: User, user: User, new_password: str) -> None:
    """An admin sets a new password for any account in the organization.
    Raises NotFound/Forbidden, ValidationFailed."""
    require(session, actor, Action.MANAGE_ACCOUNT, user)
    check_password_rules(Role(user.role), new_password, "new_password")
    set_password(user, new_password)
    record_event(
        session,
        "user.reset_password",
        actor=actor,
        youth_id=user.id if user.role == Role.YOUTH.value else None,
        target_type="user",
        target_id=user.id,
    )
    session.flush()


def change_own_password(session: Session, user: User, current: str, new: str) -> None:
    """A signed-in user changes their password; their other sessions end.
    Raises ValidationFailed."""
    if not sec.verify_password(user.password_hash, current):
        raise ValidationFailed(current_password=N_("That is not your current password."))
    check_password_rules(Role(user.role), new, "new_password")
    if new == current:
        raise ValidationFailed(new_password=N_("Choose a password different from the current one."))
    set_password(user, new)
    record_event(session, "user.change_password", actor=user, target_type="user", target_id=user.id)
    session.flush()


def set_active(session: Session, actor: User, user: User, active: bool) -> None:
    """Deactivate (ending all sessions and tokens) or reactivate an account.
    Raises NotFound/Forbidden, ValidationFailed."""
    require(session, actor, Action.MANAGE_ACCOUNT, user)
    if user.id == actor.id and not active:
        raise ValidationFailed(user=N_("You cannot deactivate your own account."))
    if user.is_active == active:
        return
    user.is_active = active
    user.session_version += 1
    record_event(
        session,
        "user.activate" if active else "user.deactivate",
        actor=actor,
        youth_id=user.id if user.role == Role.YOUTH.value else None,
        target_type="user",
        target_id=user.id,
    )
    session.flush()


GENERIC_SIGN_IN_ERROR = N_("That username and password do not match. Check both and try again.")


def authenticate(session: Session, username: str, password: str, ip_address: str = "") -> User:
    """The active user with this username and password. Raises ValidationFailed with one
    message whether the username exists or not."""
    name = normalise_username(username)
    user = session.scalar(select(User).where(User.username == name)) if name else None
    if user is None:
        sec.dummy_verify(password)
        record_event(session, "auth.sign_in_failed", actor=None, ip_address=ip_address)
        raise ValidationFailed(password=GENERIC_SIGN_IN_ERROR)
    if not sec.verify_password(user.password_hash, password) or not user.is_active:
        record_event(
            session,
            "auth.sign_in_failed",
            actor=None,
            organization_id=user.organization_id,
            target_type="user",
            target_id=user.id,
            ip_address=ip_address,
        )
        raise ValidationFailed(password=GENERIC_SIGN_IN_ERROR)
    if sec.needs_rehash(user.password_hash):
        user.password_hash = sec.hash_password(password)
    user.last_sign_in_dt = utcnow()
    record_event(
        session,
        "auth.sign_in",
        actor=user,
        target_type="user",
        target_id=user.id,
        ip_address=ip_address,
    )
    session.flush()
    return user


# --- families ----------------------------------------------------------------------------


def invite_family(
    session: Session,
    actor: User,
    youth: User,
    relationship_label: str = "",
    *,
    now: datetime | None = None,
) -> str:
    """Make a single-use invitation code tied to one youth; returns the code (shown once).
    Raises NotFound/Forbidden."""
    require(session, actor, Action.INVITE_FAMILY, youth)
    code = sec.generate_invitation_code()
    now = now or utcnow()
    guardianship = Guardianship(
        youth_id=youth.id,
        status=GuardianshipStatus.INVITED.value,
        relationship_label=relationship_label.strip()[:40],
        code_hash=sec.sha256_hex(sec.normalise_code(code)),
        code_expires_dt=now + timedelta(days=INVITATION_DAYS),
        invited_by_id=actor.id,
    )
    session.add(guardianship)
    session.flush()
    record_event(
        session,
        "family.invite",
        actor=actor,
        youth_id=youth.id,
        target_type="guardianship",
        target_id=guardianship.id,
    )
    return code


def find_invitation(session: Session, code: str, *, now: datetime | None = None) -> Guardianship:
    """The open invitation for this code. Raises ValidationFailed(code=…) naming why not."""
    normal = sec.normalise_code(code)
    if len(normal) != 10:
        raise ValidationFailed(
            code=N_("An invitation code has 10 letters and digits, like K7QM2-XP4RT.")
        )
    guardianship = session.scalar(
        select(Guardianship).where(Guardianship.code_hash == sec.sha256_hex(normal))
    )
    if guardianship is None:
        raise ValidationFailed(
            code=N_("We do not know that code. Check it against the letter you got.")
        )
    if guardianship.status != GuardianshipStatus.INVITED.value:
        raise ValidationFailed(
            code=N_("That code has already been used. Ask the program for a new one.")
        )
    assert guardianship.code_expires_dt is not None
    if (now or utcnow()) >= guardianship.code_expires_dt:
        raise ValidationFailed(code=N_("That code has expired. Ask the program for a new one."))
    return guardianship


def link_family(session: Session, family: User, youth: User, actor: User | None) -> Guardianship:
    """Link a family member to a youth directly (operator commands and demo data)."""
    if family.role != Role.FAMILY.value or youth.role != Role.YOUTH.value:
        raise ValidationFailed(
            guardian_of=N_("Only a family account can be linked, and only to a youth.")
        )
    if family.organization_id != youth.organization_id:
        raise ValidationFailed(guardian_of=N_("The youth belongs to another organization."))
    guardianship = Guardianship(
        youth_id=youth.id,
        family_id=family.id,
        status=GuardianshipStatus.ACTIVE.value,
        accepted_dt=utcnow(),
    )
    session.add(guardianship)
    session.flush()
    record_event(
        session,
        "family.link",
        actor=actor,
        organization_id=youth.organization_id,
        youth_id=youth.id,
        target_type="guardianship",
        target_id=guardianship.id,
    )
    return guardianship


def _activate(session: Session, guardianship: Guardianship, family: User) -> None:
    youth = session.get(User, guardianship.youth_id)
    if youth is None or youth.organization_id != family.organization_id:
        raise ValidationFailed(code=N_("This code is for another organization's program."))
    already = session.scalar(
        select(Guardianship.id).where(
            Guardianship.family_id == family.id,
            Guardianship.youth_id == guardianship.youth_id,
            Guardianship.status == GuardianshipStatus.ACTIVE.value,
        )
    )
    if already is not None:
        raise ValidationFailed(code=N_("You are already linked to this youth."))
    guardianship.family_id = family.id
    guardianship.status = GuardianshipStatus.ACTIVE.value
    guardianship.accepted_dt = utcnow()
    # The code's hash stays, so using the code again says it was already used.
    record_event(
        session,
        "family.link",
        actor=family,
        youth_id=guardianship.youth_id,
        target_type="guardianship",
        target_id=guardianship.id,
    )
    session.flush()


def join_as_family(
    session: Session,
    code: str,
    username: str,
    password: str,
    display_name: str,
    preferred_language: str = "en",
) -> User:
    """Create a family account from an invitation code and link it to that youth.
    Raises ValidationFailed naming the field."""
    guardianship = find_invitation(session, code)
    if preferred_language not in LANGUAGES:
        raise ValidationFailed(preferred_language=N_("Choose a language from the list."))
    youth = session.get(User, guardianship.youth_id)
    assert youth is not None
    organization = session.get(Organization, youth.organization_id)
    assert organization is not None
    family = create_user(session, organization, Role.FAMILY, username, password, display_name)
    family.preferred_language = preferred_language
    _activate(session, guardianship, family)
    return family


def link_with_code(session: Session, family: User, code: str) -> Guardianship:
    """A signed-in family member adds another youth with a new code. Raises ValidationFailed."""
    if family.role != Role.FAMILY.value:
        raise Forbidden("only family accounts link with a code")
    guardianship = find_invitation(session, code)
    _activate(session, guardianship, family)
    return guardianship


def revoke_guardianship(session: Session, actor: User, guardianship: Guardianship) -> None:
    """End a family link or withdraw an unused invitation. Raises NotFound/Forbidden."""
    require(session, actor, Action.INVITE_FAMILY, guardianship.youth_id)
    if guardianship.status == GuardianshipStatus.REVOKED.value:
        return
    guardianship.status = GuardianshipStatus.REVOKED.value
    guardianship.revoked_dt = utcnow()
    guardianship.code_hash = None
    record_event(
        session,
        "family.revoke",
        actor=actor,
        youth_id=guardianship.youth_id,
        target_type="guardianship",
        target_id=guardianship.id,
    )
    session.flush()


# --- API tokens --------------------------------------------------------------------------


def create_api_token(session: Session, user: User, name: str) -> tuple[ApiToken, str]:
    """A new personal access token for staff or admins; the secret is returned once.
    Raises Forbidden, ValidationFailed."""
    if not role_may(user, Action.USE_API):
        raise Forbidden("API tokens are for staff and admins")
    label = name.strip()
    if not label or len(label) > 80:
        raise ValidationFailed(name=N_("Give the token a name of 1 to 80 characters."))
    secret = sec.generate_api_token()
    token = ApiToken(
        user_id=user.id, name=label, token_hash=sec.sha256_hex(secret), prefix=secret[:10]
    )
    session.add(token)
    session.flush()
    record_event(session, "token.create", actor=user, target_type="api_token", target_id=token.id)
    return token, secret


def revoke_api_token(session: Session, user: User, token_id: int) -> None:
    """Revoke one of the user's own tokens. Raises NotFound."""
    token = session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id:
        raise NotFound("token")
    if token.revoked_dt is None:
        token.revoked_dt = utcnow()
        record_event(
            session, "token.revoke", actor=user, target_type="api_token", target_id=token.id
        )
    session.flush()


def user_for_token(session: Session, secret: str) -> User | None:
    """The active staff or admin user owning an unrevoked token, or None."""
    if not secret.startswith("ccl_"):
        return None
    row = session.execute(
        select(ApiToken, User)
        .join(User, User.id == ApiToken.user_id)
        .where(ApiToken.token_hash == sec.sha256_hex(secret), ApiToken.revoked_dt.is_(None))
    ).first()
    if row is None:
        return None
    token, user = row
    if not role_may(user, Action.USE_API):
        return None
    now = utcnow()
    if token.last_used_dt is None or now - token.last_used_dt > timedelta(minutes=5):
        token.last_used_dt = now
    return user


def youth_in_scope_or_404(session: Session, actor: User, youth_id: int) -> User:
    """Load a youth the actor may view. Raises NotFound otherwise."""
    if not can(session, actor, Action.VIEW_YOUTH, youth_id):
        raise NotFound("youth")
    youth = session.get(User, youth_id)
    assert youth is not None
    return youth


# --- consent -----------------------------------------------------------------------------

CONSENT_METHODS = {
    "paper_form": "Signed paper form",
    "school_authorization": "School authorization (school-only use)",
    "family_online": "Family member online",
}


def record_consent(
    session: Session, actor: User, youth: User, state: ConsentState, method: str, note: str = ""
) -> None:
    """Record a parent's consent (or its withdrawal) for a youth and update the youth's state.
    Raises NotFound/Forbidden, ValidationFailed."""
    require(session, actor, Action.EDIT_YOUTH, youth)
    if state not in (ConsentState.GRANTED, ConsentState.WITHDRAWN):
        raise ValidationFailed(state=N_("Choose given or withdrawn."))
    if method not in CONSENT_METHODS:
        raise ValidationFailed(method=N_("Choose how consent was given."))
    profile = session.get(YouthProfile, youth.id)
    assert profile is not None
    session.add(
        ConsentRecord(
            youth_id=youth.id,
            kind="parental_consent",
            state=state.value,
            method=method,
            recorded_by_id=actor.id,
            note=note.strip()[:2000],
        )
    )
    profile.consent_state = state.value
    record_event(
        session,
        "consent.record",
        actor=actor,
        youth_id=youth.id,
        target_type="user",
        target_id=youth.id,
        state=state.value,
        method=method,
    )
    session.flush()
