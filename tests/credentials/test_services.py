"""Keys, credentials per award, the CLR, the status list and checking against them, through
the services with a real database."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select

from ccl_youth.audit.models import AuditEvent
from ccl_youth.core.errors import Forbidden, NotFound
from ccl_youth.credentials import public, services
from ccl_youth.credentials.documents import canonicalize
from ccl_youth.credentials.keys import (
    KeyUnusable,
    NoSigningKey,
    active_key,
    decrypt_private_key,
    generate_signing_key,
    recipient_pseudonym,
)
from ccl_youth.credentials.models import SigningKey
from ccl_youth.credentials.status import bit_is_set, decode_list
from ccl_youth.extensions import db
from tests.credentials.support import (
    AWARDED,
    BASE,
    SECRET,
    make_award,
    make_key,
    publishing,
    standard,
)
from tests.factories import make_cohort, make_family, make_org, make_staff, make_youth

YOUTH_NAME = "Quinn Marlowe-Zed"
YOUTH_USERNAME = "quinnzed"


@pytest.fixture
def people(app: Flask) -> dict:
    org = make_org("eastside", "Eastside Youth Club")
    cohort = make_cohort(org)
    youth = make_youth(org, cohort, name=YOUTH_NAME, username=YOUTH_USERNAME)
    return {
        "org": org,
        "youth": youth,
        "staff": make_staff(org, [cohort]),
        "other_staff": make_staff(org),
        "family": make_family(org, [youth]),
        "other_org_admin": make_staff(make_org()),
    }


# --- keys --------------------------------------------------------------------------------------


def test_a_key_is_stored_encrypted_and_rotation_keeps_the_old_one(people: dict) -> None:
    org = people["org"]
    first = make_key(org)
    assert first.public_key_multibase.startswith("z6Mk")
    assert first.private_key_encrypted.startswith("v1:")
    signer = active_key(db.session, org, SECRET)
    raw = signer.private_key.private_bytes_raw()
    assert raw.hex() not in first.private_key_encrypted
    second = make_key(org)
    rows = db.session.scalars(select(SigningKey).order_by(SigningKey.id)).all()
    assert [(r.id, r.is_active, r.retired_dt is not None) for r in rows] == [
        (first.id, False, True),
        (second.id, True, False),
    ]
    assert active_key(db.session, org, SECRET).id == second.id
    profile = public.issuer_profile(db.session, publishing(Path("/nowhere")), "eastside")
    assert profile["assertionMethod"] == [
        f"{BASE}/credentials/issuers/eastside#key-{first.id}",
        f"{BASE}/credentials/issuers/eastside#key-{second.id}",
    ]
    events = db.session.scalars(select(AuditEvent.action)).all()
    assert events.count("signing_key.generate") == 2


def test_without_a_key_nothing_is_signed(people: dict, content: Path) -> None:
    award = make_award(people["youth"])
    with pytest.raises(NoSigningKey) as caught:
        services.award_credential(db.session, people["staff"], award.id, publishing(content))
    assert "keys generate --org eastside" in str(caught.value)


def test_a_changed_secret_makes_the_key_unusable_not_wrong(people: dict) -> None:
    key = make_key(people["org"])
    with pytest.raises(KeyUnusable):
        active_key(db.session, people["org"], "another-secret")
    other = make_key(make_org())
    with pytest.raises(KeyUnusable):  # a private key copied onto another key's row
        decrypt_private_key(other.private_key_encrypted, key.public_key_multibase, SECRET)


def test_only_admins_generate_keys_from_the_app(people: dict) -> None:
    with pytest.raises(Forbidden):
        generate_signing_key(db.session, people["org"], SECRET, actor=people["staff"])
    with pytest.raises(NotFound):
        generate_signing_key(db.session, people["org"], SECRET, actor=people["other_org_admin"])


# --- a credential per award ----------------------------------------------------------------


def test_an_award_becomes_a_valid_open_badge_credential(people: dict, content: Path) -> None:
    key = make_key(people["org"])
    award = make_award(people["youth"], status_index=41)
    pub = publishing(content)
    credential = services.award_credential(db.session, people["family"], award.id, pub)
    assert credential["@context"][:2] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    assert credential["id"] == award.credential_id and award.credential_id.startswith("urn:uuid:")
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["issuer"] == {
        "id": f"{BASE}/credentials/issuers/eastside",
        "type": ["Profile"],
        "name": "Eastside Youth Club",
    }
    assert credential["validFrom"] == "2025-03-14T15:09:26Z"
    subject = credential["credentialSubject"]
    assert subject["type"] == ["AchievementSubject"]
    assert "id" not in subject  # identified only by the hashed identifier
    (identity,) = subject["identifier"]
    assert identity["hashed"] is True and identity["type"] == "IdentityObject"
    assert identity["identityHash"].startswith("sha256$") and len(identity["identityHash"]) == 71
    achievement = subject["achievement"]
    assert achievement["id"] == f"{BASE}/credentials/achievements/team_player"
    assert achievement["criteria"]["narrative"].startswith("Show collaboration")
    assert achievement["image"]["id"] == f"{BASE}/credentials/achievements/team_player/image.png"
    assert achievement["tag"] == ["Collaboration"]
    assert credential["credentialStatus"] == {
        "id": f"{BASE}/credentials/status/eastside#41",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": "41",
        "statusListCredential": f"{BASE}/credentials/status/eastside",
    }
    proof = credential["proof"]
    assert proof["verificationMethod"] == f"{BASE}/credentials/issuers/eastside#key-{key.id}"
    assert proof["cryptosuite"] == "eddsa-rdfc-2022"
    result = public.check_credential(db.session, pub, credential)
    assert result.outcome == "valid", result.reasons


def test_the_credential_names_nobody(people: dict, content: Path) -> None:
    make_key(people["org"])
    youth = people["youth"]
    award = make_award(youth)
    pub = publishing(content)
    texts = [
        services.to_json(services.award_credential(db.session, youth, award.id, pub)),
        services.to_json(services.youth_clr(db.session, youth, youth.id, pub)),
        services.award_png(db.session, youth, award.id, pub).decode("latin-1"),
    ]
    for text in texts:
        for private in (YOUTH_NAME, "Quinn", "Marlowe", YOUTH_USERNAME):
            assert private not in text
        assert not re.search(r"[\w.+-]+@[\w-]+\.\w", text)  # no e-mail address of anyone
    # The app can still confirm the recipient: the hash is of the youth's keyed pseudonym.
    credential = json.loads(texts[0])
    identity = credential["credentialSubject"]["identifier"][0]
    import hashlib

    pseudonym = recipient_pseudonym(pub.secret, youth.id)
    expected = hashlib.sha256(f"{pseudonym}{identity['salt']}".encode()).hexdigest()
    assert identity["identityHash"] == "sha256$" + expected
    # Nobody else can: trying every small id with the published salt finds nothing.
    guesses = {
        "sha256$" + hashlib.sha256(f"{n}{identity['salt']}".encode()).hexdigest()
        for n in range(1, 20_001)
    }
    assert identity["identityHash"] not in guesses


def test_downloading_again_gives_the_same_credential(people: dict, content: Path) -> None:
    make_key(people["org"])
    award = make_award(people["youth"])
    pub = publishing(content)
    first = services.award_credential(db.session, people["staff"], award.id, pub)
    again = services.award_credential(db.session, people["youth"], award.id, pub)
    assert services.to_json(first) == services.to_json(again)
    other = make_award(people["youth"], "job_spotter")
    second = services.award_credential(db.session, people["staff"], other.id, pub)
    salt = second["credentialSubject"]["identifier"][0]["salt"]
    assert salt != first["credentialSubject"]["identifier"][0]["salt"]


def test_a_key_made_after_the_award_signs_from_its_own_time(people: dict, content: Path) -> None:
    award = make_award(people["youth"], awarded=AWARDED)
    key = make_key(people["org"])
    credential = services.award_credential(
        db.session, people["staff"], award.id, publishing(content)
    )
    assert credential["validFrom"] == "2025-03-14T15:09:26Z"
    created = datetime.fromisoformat(credential["proof"]["created"])
    assert created >= key.created_dt.replace(microsecond=0)


def test_access_follows_the_youth(people: dict, content: Path) -> None:
    make_key(people["org"])
    award = make_award(people["youth"])
    pub = publishing(content)
    for allowed in ("youth", "family", "staff"):
        services.award_credential(db.session, people[allowed], award.id, pub)
    for refused in ("other_staff", "other_org_admin"):
        with pytest.raises(NotFound):
            services.award_credential(db.session, people[refused], award.id, pub)
    with pytest.raises(NotFound):
        services.award_credential(db.session, people["staff"], 999_999, pub)
    exports = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "credential.export")
    ).all()
    assert [(e.actor_id, e.youth_id, e.target_type, e.target_id) for e in exports] == [
        (people[who].id, people["youth"].id, "badge_award", award.id)
        for who in ("youth", "family", "staff")
    ]
    assert all(e.detail["format"] == "json" for e in exports)


def test_a_revoked_award_is_not_handed_out(people: dict, content: Path) -> None:
    make_key(people["org"])
    award = make_award(people["youth"], revoked=True)
    with pytest.raises(services.Revoked):
        services.award_credential(db.session, people["staff"], award.id, publishing(content))
    with pytest.raises(NotFound):  # nobody out of scope learns that it was revoked
        services.award_credential(db.session, people["other_staff"], award.id, publishing(content))


# --- revocation through the status list --------------------------------------------------


def test_revoking_an_award_flips_its_bit_and_verification(people: dict, content: Path) -> None:
    make_key(people["org"])
    award = make_award(people["youth"], status_index=130_000)
    keep = make_award(people["youth"], "job_spotter", status_index=3)
    pub = publishing(content)
    credential = services.award_credential(db.session, people["staff"], award.id, pub)
    kept = services.award_credential(db.session, people["staff"], keep.id, pub)
    assert public.check_credential(db.session, pub, credential).outcome == "valid"

    award.revoked_dt = AWARDED + timedelta(days=1)
    db.session.commit()
    listed = public.status_list(db.session, pub, "eastside")
    assert listed["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    bits = decode_list(listed["credentialSubject"]["encodedList"])
    assert len(bits) >= 16 * 1024
    assert bit_is_set(bits, 130_000) and not bit_is_set(bits, 3)
    # Checking is for badges and learning records (the list's own proof: the next test).
    assert public.check_credential(db.session, pub, listed).outcome == "malformed"
    assert public.check_credential(db.session, pub, credential).outcome == "revoked"
    assert public.check_credential(db.session, pub, kept).outcome == "valid"


def test_the_status_list_is_signed_by_the_organization(people: dict, content: Path) -> None:
    key = make_key(people["org"])
    pub = publishing(content)
    listed = public.status_list(db.session, pub, "eastside")
    assert listed["proof"]["verificationMethod"].endswith(f"#key-{key.id}")
    from ccl_youth.credentials.signing import check_signature, public_from_multikey

    assert check_signature(listed, listed["proof"], public_from_multikey(key.public_key_multibase))
    with pytest.raises(NotFound):
        public.status_list(db.session, pub, "no-such-org")


# --- the CLR -------------------------------------------------------------------------------


def test_the_clr_wraps_every_standing_badge(people: dict, content: Path) -> None:
    make_key(people["org"])
    youth = people["youth"]
    first = make_award(youth)
    make_award(youth, "job_spotter", revoked=True)
    make_award(youth, "retired_badge")  # no longer in the content: left out
    pub = publishing(content)
    clr = services.youth_clr(db.session, people["staff"], youth.id, pub)
    example = standard("clr2/1edtech-spec_testvector_clr_eddsa-rdfc-2022_signed.json")
    assert clr["@context"][:3] == example["@context"][:1] + [
        "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    assert clr["type"] == example["type"] == ["VerifiableCredential", "ClrCredential"]
    assert clr["id"].startswith("urn:uuid:") and clr["name"]
    for member in ("issuer", "validFrom", "credentialSubject", "proof"):
        assert member in clr and member in example
    subject = clr["credentialSubject"]
    assert subject["type"] == ["ClrSubject"]
    inner = subject["verifiableCredential"]
    assert [c["id"] for c in inner] == [first.credential_id]
    result = public.check_credential(db.session, pub, clr)
    assert result.outcome == "valid", result.reasons
    assert [p.outcome for p in result.parts] == ["valid"]
    # Same badges, same record.
    assert services.to_json(services.youth_clr(db.session, youth, youth.id, pub)) == (
        services.to_json(clr)
    )
    canonicalize(clr)  # every member is defined by the contexts


def test_a_clr_needs_a_badge(people: dict, content: Path) -> None:
    make_key(people["org"])
    with pytest.raises(services.NoBadges):
        services.youth_clr(db.session, people["staff"], people["youth"].id, publishing(content))
    with pytest.raises(NotFound):
        services.youth_clr(
            db.session, people["other_staff"], people["youth"].id, publishing(content)
        )


# --- checking against this app's keys ---------------------------------------------------


def test_keys_are_only_resolved_under_this_apps_address(people: dict, content: Path) -> None:
    make_key(people["org"])
    award = make_award(people["youth"])
    credential = services.award_credential(
        db.session, people["staff"], award.id, publishing(content)
    )
    elsewhere = publishing(content, base="https://other.example")
    result = public.check_credential(db.session, elsewhere, credential)
    assert result.outcome == "unknown_key"


def test_a_retired_key_still_verifies_what_it_signed(people: dict, content: Path) -> None:
    make_key(people["org"])
    award = make_award(people["youth"])
    pub = publishing(content)
    old = services.award_credential(db.session, people["staff"], award.id, pub)
    make_key(people["org"])
    new = services.award_credential(db.session, people["staff"], award.id, pub)
    assert old["proof"]["verificationMethod"] != new["proof"]["verificationMethod"]
    assert public.check_credential(db.session, pub, old).outcome == "valid"
    assert public.check_credential(db.session, pub, new).outcome == "valid"
    # Another organization's key cannot vouch for this one's credentials.
    other = make_org("westside", "Westside")
    other_key = make_key(other)
    forged = dict(old)
    forged["proof"] = {
        **old["proof"],
        "verificationMethod": f"{BASE}/credentials/issuers/westside#key-{other_key.id}",
    }
    assert public.check_credential(db.session, pub, forged).outcome == "unknown_key"
    wrong_org = {
        **old["proof"],
        "verificationMethod": f"{BASE}/credentials/issuers/westside#key-{people['org'].id}",
    }
    assert public.check_credential(db.session, pub, {**old, "proof": wrong_org}).outcome == (
        "unknown_key"
    )


def test_the_profile_and_achievement_are_linked_data_we_can_read(
    people: dict, content: Path
) -> None:
    make_key(people["org"])
    pub = publishing(content)
    profile = public.issuer_profile(db.session, pub, "eastside")
    canonicalize(profile)
    method = profile["verificationMethod"][0]
    assert method["type"] == "Multikey" and method["controller"] == profile["id"]
    assert method["publicKeyMultibase"].startswith("z6Mk")
    achievement = public.achievement(pub, "team_player")
    canonicalize(achievement)
    assert achievement["id"] == f"{BASE}/credentials/achievements/team_player"
    with pytest.raises(NotFound):
        public.achievement(pub, "no_such_badge")
    assert public.badge_picture(pub, "team_player").startswith(b"\x89PNG")
    assert public.badge_picture(pub, "job_spotter").startswith(b"\x89PNG")  # picture missing


def test_now_is_aware(people: dict) -> None:
    assert datetime.now(UTC).tzinfo is not None


def test_an_unchanged_list_is_served_as_signed_before_and_a_change_signs_anew(
    people: dict, content: Path
) -> None:
    """Signing costs milliseconds: a list nobody changed is not signed again per request."""
    from ccl_youth.credentials import public
    from ccl_youth.extensions import db
    from tests.credentials.support import make_award, make_key, publishing

    make_key(people["org"])
    pub = publishing(content)
    slug = people["org"].slug
    award = make_award(people["youth"])
    first = public.status_list(db.session, pub, slug)
    assert public.status_list(db.session, pub, slug) is first
    award.revoked_dt = award.awarded_dt
    db.session.commit()
    changed = public.status_list(db.session, pub, slug)
    assert changed is not first
    assert changed["credentialSubject"]["encodedList"] != first["credentialSubject"]["encodedList"]
