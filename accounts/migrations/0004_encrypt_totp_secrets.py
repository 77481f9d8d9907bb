"""Encrypt the TOTP secrets stored in plain hex (accounts.totp_secrets). Reversible: decrypts them back."""

from binascii import unhexlify

from django.db import migrations

from accounts.totp_secrets import is_encrypted, totp_key_decrypt, totp_key_encrypt


def encrypt(apps, schema_editor) -> None:  # noqa: ANN001
    TOTPDevice = apps.get_model("otp_totp", "TOTPDevice")  # noqa: N806
    for device in TOTPDevice.objects.all().only("pk", "key").iterator():
        if not is_encrypted(device.key):
            TOTPDevice.objects.filter(pk=device.pk).update(key=totp_key_encrypt(unhexlify(device.key)))


def decrypt(apps, schema_editor) -> None:  # noqa: ANN001
    TOTPDevice = apps.get_model("otp_totp", "TOTPDevice")  # noqa: N806
    for device in TOTPDevice.objects.all().only("pk", "key").iterator():
        if is_encrypted(device.key):
            TOTPDevice.objects.filter(pk=device.pk).update(key=totp_key_decrypt(device.key).hex())


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_enrolment_links_and_token_expiry"),
        ("otp_totp", "0003_add_timestamps"),
    ]

    operations = [migrations.RunPython(encrypt, decrypt)]
