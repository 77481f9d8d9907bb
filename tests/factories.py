"""factory_boy factories, one per model."""

from datetime import UTC, date, datetime
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from committees.models import Committee, Election
from donations.models import Contribution, DonationPage, Donor
from donations.services.aggregates import receipt_aggregates_record
from donations.services.matching import individual_match_key
from fundraising.fec_dates import fec_date_received


class CommitteeFactory(DjangoModelFactory):
    class Meta:
        model = Committee
        django_get_or_create = ("fec_id",)

    fec_id = factory.Sequence(lambda n: f"C{10000000 + n:08d}")
    name = factory.Sequence(lambda n: f"Example {n} for Congress")
    committee_type = Committee.Type.HOUSE
    street_1 = "PO Box 1"
    city = "Anytown"
    state = "VA"
    zip_code = "22000"
    treasurer_last_name = "Treasurer"
    treasurer_first_name = "Terry"
    time_zone = "America/New_York"
    election_state = "VA"
    election_district = "11"
    opening_cash_on_hand = Decimal("0.00")
    opening_cash_as_of = date(2025, 1, 1)


class ElectionFactory(DjangoModelFactory):
    class Meta:
        model = Election
        django_get_or_create = ("committee", "code")

    committee = factory.SubFactory(CommitteeFactory)
    code = "P2026"
    date = date(2026, 6, 16)
    state = "VA"
    district = "11"


class DonationPageFactory(DjangoModelFactory):
    class Meta:
        model = DonationPage

    committee = factory.SubFactory(CommitteeFactory)
    slug = factory.Sequence(lambda n: f"page-{n}")
    title = "Give today"
    preset_amounts = ["25", "50", "100"]


class DonorFactory(DjangoModelFactory):
    class Meta:
        model = Donor

    committee = factory.SubFactory(CommitteeFactory)
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    street_1 = factory.Sequence(lambda n: f"{n + 1} Main St")
    city = "Springfield"
    state = "VA"
    zip_code = "22150"
    employer = "Acme Corp"
    occupation = "Engineer"
    email = factory.Sequence(lambda n: f"donor{n}@example.com")
    match_key = factory.LazyAttribute(
        lambda o: individual_match_key(
            first_name=o.first_name, last_name=o.last_name, street_1=o.street_1, zip_code=o.zip_code
        )
    )


class ContributionFactory(DjangoModelFactory):
    """A receipt entered by staff (the web path creates them from webhooks)."""

    class Meta:
        model = Contribution
        skip_postgeneration_save = True

    committee = factory.SubFactory(CommitteeFactory)
    donor = factory.SubFactory(DonorFactory, committee=factory.SelfAttribute("..committee"))
    election = factory.SubFactory(ElectionFactory, committee=factory.SelfAttribute("..committee"))
    amount = Decimal("50.00")
    received_at = datetime(2026, 2, 10, 15, 0, tzinfo=UTC)
    date_received = factory.LazyAttribute(
        lambda o: fec_date_received(received_at=o.received_at, committee_time_zone=o.committee.time_zone)
    )
    source = Contribution.Source.STAFF

    @factory.post_generation
    def kept_aggregates(obj, create, extracted, **kwargs):  # noqa: ANN001, N805 (factory_boy's hook)
        """As every writer of receipts does (donations.services.aggregates)."""
        if create:
            receipt_aggregates_record(
                committee=obj.committee, donor_id=obj.donor_id, on=obj.date_received, conduit_id=obj.conduit_id
            )
