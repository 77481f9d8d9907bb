"""Reference data every deployment needs: the FEC contribution limits and the conduits.

Seeded by migrations (0002, 0003) and re-seeded by tests that truncate tables. Functions take the model
class so migrations can pass their historical models."""

SOURCE_2026 = "FEC Notice 2025-01, 90 FR 8526 (Jan 30, 2025); FEC contribution limits chart 2025-26"
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

# ActBlue's address is the one on its earmark memos in a real 2018 filing. WinRed's was not confirmed from its
# FEC registration, so it is left blank: staff must enter it in the admin before a report carries a WinRed memo
# (the report's schema validation says so until they do).
CONDUITS = [
    ("C00401224", "ActBlue", "PO Box 441146", "Somerville", "MA", "02144", "ActBlue Technical Services"),
    ("C00694323", "WinRed", "", "", "", "", "WinRed Technical Services"),
]


def seed_contribution_limits(ContributionLimit) -> None:  # noqa: N803 (a model class)
    for recipient, contributor, period, amount in LIMITS_2026:
        ContributionLimit.objects.update_or_create(
            cycle=2026,
            recipient_type=recipient,
            contributor_type=contributor,
            defaults={"period": period, "amount": amount, "source": SOURCE_2026},
        )


def seed_conduits(Conduit) -> None:  # noqa: N803 (a model class)
    for fec_id, name, street, city, state, zip_code, fee_payee in CONDUITS:
        Conduit.objects.get_or_create(
            fec_id=fec_id,
            defaults={
                "name": name,
                "street_1": street,
                "city": city,
                "state": state,
                "zip_code": zip_code,
                "fee_payee_name": fee_payee,
            },
        )


def seed_reference_data() -> None:
    from committees.models import Conduit, ContributionLimit

    seed_contribution_limits(ContributionLimit)
    seed_conduits(Conduit)
