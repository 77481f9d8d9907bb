"""A demo process's write pattern on the laptop database: read, then write, in one transaction (as the webhook
handler and the monthly-gift cancel do). Run by tests/infra/test_sqlite_demo.py, several at once."""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.local"

import django  # noqa: E402

django.setup()

from django.db import OperationalError, connection, transaction  # noqa: E402

errors = 0
for _ in range(int(sys.argv[1])):
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT n FROM counter WHERE id = 1")
            (n,) = cursor.fetchone()
            time.sleep(0.002)
            cursor.execute("UPDATE counter SET n = %s WHERE id = 1", [n + 1])
    except OperationalError as exc:
        errors += 1
        print(f"error: {exc}", file=sys.stderr)
print(errors)
