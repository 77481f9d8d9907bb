"""Months of demo activity for the console, through the services: a few hundred gifts (donation pages with
refcodes, checks entered by staff, earmarked ActBlue gifts), refunds, disbursements (rent, payroll, processing
fees), an excessive and a questionable gift in the review queue, 48-hour notices, best-efforts requests, monthly
gifts, and the last quarter's report built and filed.

Deterministic (one seeded random generator; every row keyed by an ``external_id`` or a report code) and
idempotent: a second run adds nothing. Nothing reaches Stripe: web gifts go through ``donation_start`` with an
offline stand-in for the payment gateway (the PaymentIntent id stays empty, so a refund of one is recorded as a
check) and are recorded by ``contribution_record_payment``, as the webhook would record them."""

from __future__ import annotations

import datetime as dt
import random
from contextlib import contextmanager
from decimal import Decimal

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from committees.models import Committee, Conduit
from compliance.desk.best_efforts import best_efforts_send_due
from compliance.desk.notices import notices_sync
from compliance.desk.review import contributions_review_pending
from compliance.filing_calendar import filing_calendar
from compliance.models import Report
from compliance.services.reports import report_build, report_mark_filed, report_request
from compliance.services.transactions import PayeeInput, disbursement_enter, receipt_enter, refund_enter
from donations.models import Contribution, DonationPage, RecurringGift
from donations.payments import IntentResult
from donations.services import donations as donation_services
from donations.services.donations import donation_start
from donations.services.donors import DonorInput
from donations.services.payments import contribution_record_payment
from fundraising.exceptions import ApplicationError

FIRST = [
    "Ana",
    "Ben",
    "Carla",
    "Dev",
    "Elena",
    "Frank",
    "Grace",
    "Hiro",
    "Iris",
    "Jamal",
    "Kara",
    "Luis",
    "Mei",
    "Nate",
    "Olga",
    "Priya",
    "Quinn",
    "Rosa",
    "Sam",
    "Tariq",
    "Uma",
    "Victor",
    "Wen",
    "Xavier",
    "Yara",
    "Zoe",
]
LAST = [
    "Adams",
    "Baker",
    "Chen",
    "Diaz",
    "Evans",
    "Flores",
    "Garcia",
    "Hughes",
    "Ito",
    "Johnson",
    "Khan",
    "Lopez",
    "Miller",
    "Nguyen",
    "Okafor",
    "Patel",
    "Quintero",
    "Reed",
    "Singh",
    "Torres",
    "Usman",
    "Vega",
    "Wright",
]
STREETS = ["Main St", "Oak Ave", "Maple Dr", "Cedar Ln", "Elm St", "Pine Rd", "Lee Hwy", "Chain Bridge Rd"]
CITIES = [("Fairfax", "22030"), ("Vienna", "22180"), ("Herndon", "20170"), ("Reston", "20190"), ("Chantilly", "20151")]
JOBS = [
    ("Fairfax County", "Teacher"),
    ("Inova", "Nurse"),
    ("Self-employed", "Consultant"),
    ("Retired", "Retired"),
    ("Booz Allen", "Analyst"),
    ("Not employed", "Not employed"),
    ("GMU", "Professor"),
    ("Acme Corp", "Engineer"),
]
REFCODES = ["email-june", "email-sept", "facebook", "endorsement", "gotv", ""]
AMOUNTS = [Decimal(a) for a in ("10", "15", "25", "25", "35", "50", "50", "100", "100", "250", "500")]
DAYS = 150
PAID_BY_SEED = "Paid at seeding (no Stripe)"


class _OfflineGateway:
    """The payment gateway for seeding: accepts every intent at once, talks to nobody."""

    def create_payment_intent(self, *, amount: Decimal, **kwargs: object) -> IntentResult:
        return IntentResult(id="", client_secret="", status="succeeded", amount=amount)


@contextmanager
def _offline_payments():
    real = donation_services.get_payment_gateway
    donation_services.get_payment_gateway = _OfflineGateway
    try:
        yield
    finally:
        donation_services.get_payment_gateway = real


class Command(BaseCommand):
    help = "Seed months of demo activity for the demo committee (after seed_demo). Deterministic and idempotent."

    def add_arguments(self, parser) -> None:  # noqa: ANN001
        parser.add_argument("--committee", default="C00999999")

    def handle(self, *args, committee: str, **options) -> None:
        target = Committee.objects.get(fec_id=committee)
        if Contribution.objects.filter(committee=target, external_id__startswith="seed-").exists():
            self.stdout.write("demo activity already seeded")
            return
        seeder = _Seeder(target, self.stdout)
        with _offline_payments():
            seeder.run()


class _Seeder:
    def __init__(self, committee: Committee, out) -> None:  # noqa: ANN001
        self.committee = committee
        self.out = out
        self.rng = random.Random(2026)
        self.today = timezone.localdate(timezone=committee.tzinfo)
        self.people = [self._person(i) for i in range(140)]
        self.regular = [p for p in self.people if p.employer]  # the others give only where best efforts asks
        self.page = DonationPage.objects.filter(committee=committee).order_by("pk").first()
        self.counts = {"web": 0, "staff": 0, "conduit": 0, "refunds": 0, "disbursements": 0}

    def _person(self, i: int) -> DonorInput:
        rng = self.rng
        city, zip_code = rng.choice(CITIES)
        employer, occupation = rng.choice(JOBS)
        if i % 23 == 5:
            employer, occupation = "", ""  # best efforts will ask
        return DonorInput(
            first_name=FIRST[i % len(FIRST)],
            last_name=LAST[(i * 7) % len(LAST)],
            street_1=f"{100 + i * 3} {rng.choice(STREETS)}",
            city=city,
            state="VA",
            zip_code=zip_code,
            employer=employer,
            occupation=occupation,
            email=f"donor{i}@example.org" if i % 10 == 0 else "",
        )

    def _day(self, back: int) -> dt.date:
        return self.today - dt.timedelta(days=back)

    def _election(self, on: dt.date):  # noqa: ANN202
        return self.committee.elections.filter(date__gte=on).order_by("date").first()

    def run(self) -> None:
        committee = self.committee
        for n in range(320):
            back = int(self.rng.triangular(0, DAYS, 20))
            who = self.rng.choice(self.regular)
            amount = self.rng.choice(AMOUNTS)
            on = self._day(back)
            try:
                if n % 9 == 0:
                    self._check(n, who, amount * 2, on)
                elif n % 7 == 0:
                    self._conduit(n, who, amount, on)
                else:
                    self._web(n, who, amount, on, refcode=self.rng.choice(REFCODES))
            except ApplicationError as exc:  # over a limit at checkout: the demo donor simply gives less
                self.out.write(f"  skipped gift {n}: {exc.message}")
        self._web(900, self.people[3], Decimal("75.00"), self.today, refcode="email-june")  # something today
        self._web(901, self.people[8], Decimal("40.00"), self.today, refcode="")
        self._special_cases()
        self._refunds()
        self._disbursements()
        self._monthly()
        contributions_review_pending(limit=5000)
        notices_sync(committee=committee, as_of=timezone.now())
        best_efforts_send_due(today=self.today)
        self._report()
        self.out.write(
            "demo activity: {web} web gifts, {staff} checks, {conduit} ActBlue gifts, {refunds} refunds, "
            "{disbursements} disbursements".format(**self.counts)
        )

    def _web(self, n: int, who: DonorInput, amount: Decimal, on: dt.date, *, refcode: str) -> None:
        committee = self.committee
        with transaction.atomic():
            donation = donation_start(
                committee=committee,
                election=self._election(on),
                amount=amount,
                donor_data=who,
                page=self.page,
                attribution={"refcode": refcode} if refcode else {},
                affirmations={k: True for k in ("own_funds", "citizen", "not_contractor", "personal_card", "age")},
            )
            paid_at = dt.datetime.combine(on, dt.time(9 + n % 12, n % 60), tzinfo=committee.tzinfo)
            gift = contribution_record_payment(
                donation_public_id=str(donation.public_id),
                payment_intent_id="",
                amount_cents=int(amount * 100),
                charge_id="",
                paid_at=paid_at,
            )
            Contribution.objects.filter(pk=gift.pk).update(external_id=f"seed-{n}")
        self.counts["web"] += 1

    def _check(self, n: int, who: DonorInput, amount: Decimal, on: dt.date) -> None:
        receipt_enter(
            committee=self.committee,
            donor_data=who,
            amount=amount,
            date_received=on,
            election=self._election(on),
            payment_method="check",
            external_id=f"seed-{n}",
            actor=None,
        )
        self.counts["staff"] += 1

    def _conduit(self, n: int, who: DonorInput, amount: Decimal, on: dt.date) -> None:
        receipt_enter(
            committee=self.committee,
            donor_data=who,
            amount=amount,
            date_received=on,
            election=self._election(on),
            conduit=Conduit.objects.filter(name="ActBlue").first(),
            conduit_received_date=on + dt.timedelta(days=2),
            source=Contribution.Source.IMPORT,
            external_id=f"seed-{n}",
            actor=None,
        )
        self.counts["conduit"] += 1

    def _special_cases(self) -> None:
        """What the compliance desk should catch: an excessive gift, a company's gift, $1,000+ gifts in the last
        days before the general election (48-hour notices)."""
        big = DonorInput(
            first_name="Morgan",
            last_name="Whitfield",
            street_1="1 Estate Way",
            city="McLean",
            state="VA",
            zip_code="22101",
            employer="Whitfield Capital",
            occupation="Investor",
        )
        general = self.committee.elections.filter(code__startswith="G", date__lte=self.today).order_by("-date").first()
        for i, (amount, back) in enumerate(((Decimal("3000.00"), 60), (Decimal("1000.00"), 30))):
            on = self._day(back)
            receipt_enter(
                committee=self.committee,
                donor_data=big,
                amount=amount,
                date_received=on,
                election=self._election(on),
                payment_method="check",
                external_id=f"seed-big-{i}",
            )
        receipt_enter(
            committee=self.committee,
            donor_data=DonorInput(
                entity_type="ORG",
                organization_name="Sunrise Builders LLC",
                street_1="9 Commerce St",
                city="Reston",
                state="VA",
                zip_code="20190",
            ),
            amount=Decimal("500.00"),
            date_received=self._day(12),
            election=self._election(self._day(12)),
            payment_method="check",
            external_id="seed-llc",
        )
        for i in (5, 28, 51):  # employer and occupation missing, past $200: best efforts asks
            on = self._day(40 + i)
            receipt_enter(
                committee=self.committee,
                donor_data=self.people[i],
                amount=Decimal("250.00"),
                date_received=on,
                election=self._election(on),
                payment_method="check",
                external_id=f"seed-best-{i}",
            )
        if general is not None:
            for i, who in enumerate(self.people[100:103]):
                on = general.date - dt.timedelta(days=10 + i)
                receipt_enter(
                    committee=self.committee,
                    donor_data=who,
                    amount=Decimal("1000.00"),
                    date_received=on,
                    election=general,
                    payment_method="check",
                    external_id=f"seed-48h-{i}",
                )

    def _refunds(self) -> None:
        gifts = list(
            Contribution.objects.filter(
                committee=self.committee, external_id__startswith="seed-", is_memo=False
            ).order_by("pk")[5:200:25]
        )
        for i, gift in enumerate(gifts):
            refund_enter(
                contribution=gift,
                amount=gift.amount if i % 2 == 0 else (gift.amount / 2).quantize(Decimal("0.01")),
                date_refunded=min(gift.date_received + dt.timedelta(days=3), self.today),
                reason="Donor asked for a refund" if i % 2 == 0 else "Duplicate gift",
                external_id=f"seed-refund-{i}",
            )
            self.counts["refunds"] += 1

    def _disbursements(self) -> None:
        payees = [
            ("Fairfax Office Partners", "100 Main St", "Fairfax", "22030", "Office rent", "001", Decimal("900.00")),
            ("Gusto Payroll", "525 20th St", "San Francisco", "94107", "Payroll", "001", Decimal("1500.00")),
            ("Stripe", "510 Townsend St", "San Francisco", "94103", "Credit card processing fees", "001", None),
            (
                "Print Shop of Virginia",
                "22 Industrial Dr",
                "Chantilly",
                "20151",
                "Yard signs and mailers",
                "004",
                Decimal("400.00"),
            ),
        ]
        month = self.today.replace(day=1)
        for m in range(5, -1, -1):
            paid_on = min((month - dt.timedelta(days=28 * m)).replace(day=5), self.today)
            for j, (name, street, city, zip_code, purpose, category, amount) in enumerate(payees):
                if amount is None:  # fees: about 3% of the web gifts of the month before
                    amount = Decimal(90 + 15 * m).quantize(Decimal("0.01"))
                state = "CA" if zip_code.startswith("9") else "VA"
                disbursement_enter(
                    committee=self.committee,
                    payee=PayeeInput(
                        organization_name=name, street_1=street, city=city, state=state, zip_code=zip_code
                    ),
                    amount=amount,
                    date_disbursed=paid_on,
                    purpose=purpose,
                    category_code=category,
                    external_id=f"seed-{m}-{j}",
                )
                self.counts["disbursements"] += 1

    def _monthly(self) -> None:
        """Monthly gifts stand for Stripe subscriptions, which cannot exist offline: rows only, no charges."""
        committee = self.committee
        for i, who in enumerate(self.people[20:32]):
            donor = (
                Contribution.objects.filter(
                    committee=committee, donor__first_name=who.first_name, donor__last_name=who.last_name
                )
                .values_list("donor", flat=True)
                .first()
            )
            if donor is None or RecurringGift.objects.filter(committee=committee, donor_id=donor).exists():
                continue
            RecurringGift.objects.create(
                committee=committee,
                page=self.page,
                donor_id=donor,
                election=self._election(self.today) or committee.elections.order_by("-date").first(),
                amount=Decimal(("10", "25", "50")[i % 3]),
                status=RecurringGift.Status.ACTIVE if i % 5 else RecurringGift.Status.CANCELED,
                installments_paid=1 + i % 6,
                cancel_reason="" if i % 5 else "Canceled by the donor",
                canceled_at=None if i % 5 else timezone.now(),
                attribution={"refcode": "monthly-drive"},
            )

    def _report(self) -> None:
        """The latest report whose deadline has passed: built and filed (signed by the treasurer); the next one
        built, waiting to be filed."""
        committee = self.committee
        calendar = [
            d
            for d in filing_calendar(committee=committee, start=self._day(DAYS), end=self._day(-120))
            if d.kind == "report"
        ]
        past = [d for d in calendar if d.due < self.today]
        future = [d for d in calendar if d.due >= self.today and d.coverage_through < self.today]
        for deadline, file_it in ((past[-1] if past else None, True), (future[0] if future else None, False)):
            if deadline is None or Report.objects.filter(committee=committee, report_code=deadline.code).exists():
                continue
            election = committee.elections.filter(code=deadline.election).first() if deadline.election else None
            report = report_request(
                committee=committee,
                report_code=deadline.code,
                coverage_from=deadline.coverage_from,
                coverage_through=deadline.coverage_through,
                election=election,
                date_signed=min(deadline.due, self.today),
                requested_by=None,
                enqueue=False,
            )
            report = report_build(report_pk=report.pk)
            filed = file_it and report.status == Report.Status.DONE
            if filed:
                report_mark_filed(report=report, fec_filing_id=f"{1700000 + report.pk}", actor=None)
            self.out.write(f"  report {report.report_code}: {report.status}{' and filed' if filed else ''}")
