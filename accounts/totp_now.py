"""Print the current TOTP code for a base32 secret: `python -m accounts.totp_now SECRET` (the demo login's
second factor without an authenticator app; any TOTP app works too)."""

import sys
from base64 import b32decode

from django_otp.oath import totp

if __name__ == "__main__":
    print(f"{totp(b32decode(sys.argv[1].upper())):06d}")
