"""Finding 10 of issue 15: TOTP secrets were stored in plain text (a database dump gave every second factor).
They are now encrypted (AES-GCM under TOTP_ENCRYPTION_KEY); the migration encrypts existing rows."""

from __future__ import annotations

import base64
import os
from binascii import unhexlify

import pytest
from django.db import connection
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import StaffTOTPDevice
from accounts.otp import enrolment_for, totp_device_create
from accounts.totp_secrets import TotpSecretError, is_encrypted
from tests.console.helpers import person

pytestmark = pytest.mark.django_db


def _raw_key(pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT key FROM otp_totp_totpdevice WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def test_a_new_device_stores_no_usable_secret_in_the_database():
    user = person("alice")
    device = totp_device_create(user=user, confirmed=True)
    raw = _raw_key(device.pk)
    assert is_encrypted(raw)
    secret = device.bin_key
    assert len(secret) == 20 and secret.hex() not in raw and base64.b32encode(secret).decode() not in raw
    code = f"{totp(secret):06d}"
    assert StaffTOTPDevice.objects.get(pk=device.pk).verify_token(code)


def test_the_enrolment_secret_is_encrypted_too():
    enrolment = enrolment_for(person("bob"))
    assert is_encrypted(_raw_key(enrolment.device.pk))
    assert enrolment.secret_base32 not in _raw_key(enrolment.device.pk)


def test_another_key_cannot_read_the_secret(settings):
    device = totp_device_create(user=person("carol"), confirmed=True)
    settings.TOTP_ENCRYPTION_KEY = base64.urlsafe_b64encode(os.urandom(32)).decode()
    with pytest.raises(TotpSecretError):
        StaffTOTPDevice.objects.get(pk=device.pk).bin_key  # noqa: B018


def test_the_migration_encrypts_plain_rows():
    from importlib import import_module

    from django.apps import apps

    migration = import_module("accounts.migrations.0004_encrypt_totp_secrets")
    plain = TOTPDevice.objects.create(user=person("dave"), name="old", confirmed=True)  # django-otp's plain hex
    secret = unhexlify(plain.key)
    migration.encrypt(apps, None)
    raw = _raw_key(plain.pk)
    assert is_encrypted(raw) and secret.hex() not in raw
    assert StaffTOTPDevice.objects.get(pk=plain.pk).bin_key == secret
    migration.decrypt(apps, None)
    assert _raw_key(plain.pk) == secret.hex()
