"""Books for the ledger tests: a committee with a contribution, a refund and an expenditure, imported the way a
treasurer would (every write goes through the services)."""

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
