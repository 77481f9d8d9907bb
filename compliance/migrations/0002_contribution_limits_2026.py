"""The FEC's 2025–26 contribution limits (FEC Notice 2025-01, 90 FR 8526; 52 U.S.C. 30116(a)).

Candidate limits are per election; PAC and party limits per calendar year. A later cycle is a new
data migration adding rows, never an edit of these."""

from django.db import migrations

SOURCE = "FEC Notice 2025-01, 90 FR 8526 (Jan 30, 2025); FEC contribution limits chart 2025-26"
LIMITS_2026 = [
    # recipient, contributor, period, amount
    ("candidate", "individual", "election", "3500.00"),
    ("candidate", "pac", "election", "3500.00"),  # a non-multicandidate PAC gives as an individual does
    ("candidate", "organization", "election", "3500.00"),
    ("candidate", "multicandidate_pac", "election", "5000.00"),
    ("candidate", "party", "election", "5000.00"),
    ("candidate", "authorized_committee", "election", "2000.00"),
    ("pac", "individual", "year", "5000.00"),
    ("pac", "pac", "year", "5000.00"),
    ("pac", "organization", "year", "5000.00"),
    ("pac", "multicandidate_pac", "year", "5000.00"),
    ("pac", "party", "year", "5000.00"),
    ("pac", "authorized_committee", "year", "5000.00"),
    ("party", "individual", "year", "10000.00"),
    ("party", "pac", "year", "10000.00"),
    ("party", "organization", "year", "10000.00"),
    ("party", "multicandidate_pac", "year", "5000.00"),
]


def add_limits(apps, schema_editor):
    ContributionLimit = apps.get_model("compliance", "ContributionLimit")
    for recipient, contributor, period, amount in LIMITS_2026:
        ContributionLimit.objects.update_or_create(
            cycle=2026,
            recipient_type=recipient,
            contributor_type=contributor,
            defaults={"period": period, "amount": amount, "source": SOURCE},
        )


def remove_limits(apps, schema_editor):
    apps.get_model("compliance", "ContributionLimit").objects.filter(cycle=2026, source=SOURCE).delete()


class Migration(migrations.Migration):
    dependencies = [("compliance", "0001_initial")]
    operations = [migrations.RunPython(add_limits, remove_limits)]
