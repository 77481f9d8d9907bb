"""Books for the ledger tests: a committee with a contribution, a refund and an expenditure, imported the way a
treasurer would (every write goes through the services)."""

from django.db import connection

from audit.models import AuditEvent
from compliance.models import Disbursement
from donations.models import Contribution, Refund
from tests.compliance.helpers import house_committee, import_rows, person, row

JO = person("Jo", "Edge", "5 Edge Ln", employer="Acme", occupation="Clerk")


def books(fec_id: str = "C00123456"):
    committee = house_committee(fec_id)
    import_rows(
        committee,
        [
            row("contribution", "G1", "2026-02-01", "500.00", **JO),
            row("contribution", "G2", "2026-02-02", "250.00", **JO),
            row("refund", "R1", "2026-02-03", "50.00", **JO),
            row(
                "expenditure",
                "E1",
                "2026-02-04",
                "120.00",
                organization_name="Print Shop",
                purpose="Printing",
                entity_type="ORG",
            ),
        ],
    )
    return committee


def as_superuser_without_triggers(sql: str, params: list | None = None) -> None:
    """What someone with the database's superuser can do: switch the triggers off and write directly."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(sql, params or [])
        cursor.execute("SET LOCAL session_replication_role = origin")


__all__ = ["AuditEvent", "Contribution", "Disbursement", "Refund", "as_superuser_without_triggers", "books"]
