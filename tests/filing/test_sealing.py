"""The filing password is sealed with AES-256-GCM (fundraising/sealing.py): it opens only with the same key and
purpose, and a changed row is refused rather than read wrong."""

import base64
import os

import pytest

from fundraising.sealing import SealError, seal, unseal


def test_sealed_value_opens_only_with_its_key_and_purpose(settings):
    sealed = seal("Filing-PW-7731!", purpose="fec-filing-password")
    assert "Filing-PW" not in sealed and sealed != seal("Filing-PW-7731!", purpose="fec-filing-password")  # nonce
    assert unseal(sealed, purpose="fec-filing-password") == "Filing-PW-7731!"
    with pytest.raises(SealError):
        unseal(sealed, purpose="another-purpose")
    tampered = sealed[:-2] + ("A" if sealed[-2] != "A" else "B") + sealed[-1]
    with pytest.raises(SealError):
        unseal(tampered, purpose="fec-filing-password")
    settings.FIELD_ENCRYPTION_KEY = base64.urlsafe_b64encode(os.urandom(32)).decode()
    with pytest.raises(SealError):
        unseal(sealed, purpose="fec-filing-password")  # a different key
    assert unseal(seal("x", purpose="p"), purpose="p") == "x"
