"""Password hashing (argon2id), generated passwords and PINs, and hashed one-time tokens."""

from __future__ import annotations

import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

# Words short and plain enough for a nine-year-old to type from a card.
_WORDS = (
    "apple",
    "river",
    "tiger",
    "cloud",
    "maple",
    "robot",
    "comet",
    "panda",
    "lemon",
    "otter",
    "pixel",
    "ocean",
    "rocket",
    "sunny",
    "cedar",
    "koala",
    "mango",
    "piano",
    "quartz",
    "zebra",
    "bison",
    "coral",
    "delta",
    "ember",
    "fjord",
    "gecko",
    "honey",
    "igloo",
    "jelly",
    "kiwi",
    "lunar",
    "moose",
    "nova",
    "olive",
    "pecan",
    "raven",
    "solar",
    "tulip",
    "vivid",
    "walnut",
)

_hasher = PasswordHasher()  # argon2id with the library's recommended parameters


def configure_hasher(time_cost: int, memory_cost: int, parallelism: int) -> None:
    """Replace the hasher's cost parameters (tests use small ones to stay fast)."""
    global _hasher
    _hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory_cost, parallelism=parallelism)


def hash_password(password: str) -> str:
    """An argon2id hash of the password."""
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """True when the password matches the hash; never raises for a bad or foreign hash."""
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """True when the hash was made with other parameters than the current ones."""
    try:
        return _hasher.check_needs_rehash(password_hash)
    except InvalidHashError:
        return True


# A hash to verify against when the username is unknown, so both paths cost the same time.
def dummy_verify(password: str) -> None:
    """Spend the same time as a real verification, for unknown usernames."""
    verify_password(_dummy_hash(), password)


_DUMMY: dict[str, str] = {}


def _dummy_hash() -> str:
    params = repr(_hasher)
    if params not in _DUMMY:
        _DUMMY.clear()
        _DUMMY[params] = _hasher.hash(secrets.token_hex(8))
    return _DUMMY[params]


def generate_password() -> str:
    """Two plain words and two digits, e.g. 'tiger-comet-42': easy to type, hard to guess."""
    first, second = secrets.choice(_WORDS), secrets.choice(_WORDS)
    return f"{first}-{second}-{secrets.randbelow(90) + 10}"


def generate_pin() -> str:
    """Six digits for the youngest youth; sign-in throttling is what keeps them safe."""
    return f"{secrets.randbelow(10**6):06d}"


# Letters and digits that cannot be mistaken for each other when read aloud or off paper.
_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def generate_invitation_code() -> str:
    """Ten characters in two groups, e.g. 'K7QM2-XP4RT' (about 49 bits)."""
    chars = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(10))
    return f"{chars[:5]}-{chars[5:]}"


def normalise_code(code: str) -> str:
    """Upper-case and without spaces or dashes, so people can type codes loosely."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def generate_api_token() -> str:
    """A personal access token: a recognisable prefix and 32 random bytes."""
    return "ccl_" + secrets.token_urlsafe(32)


def generate_link_token() -> str:
    """A secret for a one-time link sent to someone without an account (43 URL-safe chars)."""
    return secrets.token_urlsafe(32)


def sha256_hex(value: str) -> str:
    """SHA-256 of a high-entropy secret, for lookup without storing the secret."""
    return hashlib.sha256(value.encode()).hexdigest()
