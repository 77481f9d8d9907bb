"""The two conduits campaigns use most, as data (shared/conduits/NOTES.md section 5).

ActBlue's address is the one on its earmark memos in a real 2018 filing. WinRed's was not confirmed from
its FEC registration, so it is left blank: staff must enter it in the admin before a report carries a
WinRed memo (the report's schema validation says so until they do)."""

from django.db import migrations

CONDUITS = [
    ("C00401224", "ActBlue", "PO Box 441146", "Somerville", "MA", "02144", "ActBlue Technical Services"),
    ("C00694323", "WinRed", "", "", "", "", "WinRed Technical Services"),
]


def add_conduits(apps, schema_editor):
    Conduit = apps.get_model("compliance", "Conduit")
    for fec_id, name, street, city, state, zip_code, fee_payee in CONDUITS:
        Conduit.objects.get_or_create(
            fec_id=fec_id,
            defaults={"name": name, "street_1": street, "city": city, "state": state, "zip_code": zip_code,
                      "fee_payee_name": fee_payee},
        )


class Migration(migrations.Migration):
    dependencies = [("compliance", "0002_contribution_limits_2026")]
    operations = [migrations.RunPython(add_conduits, migrations.RunPython.noop)]
