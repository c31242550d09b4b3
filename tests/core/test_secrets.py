import re

from ccl_youth.core import secrets as sec


def test_hash_is_argon2id_and_verifies():
    digest = sec.hash_password("tiger-comet-42")
    assert digest.startswith("$argon2id$")
    assert sec.verify_password(digest, "tiger-comet-42") is True
    assert sec.verify_password(digest, "tiger-comet-43") is False
    assert sec.verify_password("not a hash", "x") is False


def test_generated_secrets_have_their_shapes():
    for _ in range(50):
        assert re.fullmatch(r"[a-z]+-[a-z]+-[1-9]\d", sec.generate_password())
        assert re.fullmatch(r"\d{6}", sec.generate_pin())
        code = sec.generate_invitation_code()
        assert re.fullmatch(r"[A-HJ-NP-Z2-9]{5}-[A-HJ-NP-Z2-9]{5}", code)
        assert sec.generate_api_token().startswith("ccl_")


def test_codes_are_read_loosely():
    assert sec.normalise_code(" k7qm2 xp4rt ") == "K7QM2XP4RT"
    assert sec.normalise_code("K7QM2-XP4RT") == "K7QM2XP4RT"


def test_sha256_is_stable_hex():
    assert sec.sha256_hex("abc") == (
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    )
