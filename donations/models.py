"""Donors, donation pages, checkout attempts (Donation), money received (Contribution) and the
ledger of Stripe events."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q

from fundraising.models import TimeStampedModel, new_transaction_id
from fundraising.validators import state_validator, zip_code_validator


class EntityType(models.TextChoices):
    INDIVIDUAL = "IND", "Individual"
    ORGANIZATION = "ORG", "Organization"
    COMMITTEE = "COM", "Committee"
    CANDIDATE = "CAN", "Candidate"


class ContributorType(models.TextChoices):
    """Who a contributor is, for contribution limits (see compliance.ContributionLimit)."""

    INDIVIDUAL = "individual", "Individual"
    CANDIDATE = "candidate", "The candidate (own funds)"
    MULTICANDIDATE_PAC = "multicandidate_pac", "Multicandidate PAC"
    PAC = "pac", "PAC (not multicandidate)"
    PARTY = "party", "Party committee"
    AUTHORIZED_COMMITTEE = "authorized_committee", "Another authorized committee of the candidate"
    ORGANIZATION = "organization", "Other organization"


class Donor(TimeStampedModel):
    """Anyone who gives to a committee: a person, an organization, a committee or the candidate."""

    committee = models.ForeignKey("committees.Committee", on_delete=models.PROTECT, related_name="donors")
    entity_type = models.CharField(max_length=3, choices=EntityType.choices, default=EntityType.INDIVIDUAL)
    contributor_type = models.CharField(
        max_length=24, choices=ContributorType.choices, default=ContributorType.INDIVIDUAL
    )
    prefix = models.CharField(max_length=10, blank=True, default="")
    first_name = models.CharField(max_length=20, blank=True, default="")
    middle_name = models.CharField(max_length=20, blank=True, default="")
    last_name = models.CharField(max_length=30, blank=True, default="")
    suffix = models.CharField(max_length=10, blank=True, default="")
    organization_name = models.CharField(max_length=200, blank=True, default="")
    committee_fec_id = models.CharField(max_length=9, blank=True, default="")
    street_1 = models.CharField(max_length=34)
    street_2 = models.CharField(max_length=34, blank=True, default="")
    city = models.CharField(max_length=30)
    state = models.CharField(max_length=2, validators=[state_validator])
    zip_code = models.CharField(max_length=10, validators=[zip_code_validator])
    country = models.CharField(max_length=2, default="US")
    employer = models.CharField(max_length=38, blank=True, default="")
    occupation = models.CharField(max_length=38, blank=True, default="")
    email = models.EmailField(blank=True, default="")
    phone = models.CharField(max_length=20, blank=True, default="")
    match_key = models.CharField(max_length=255, help_text="Normalised name and address; see services/matching.py")
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_donors"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "match_key"],
                condition=Q(merged_into__isnull=True),
                name="donor_unique_match_key",
            )
        ]

    def __str__(self) -> str:
        return f"Donor #{self.pk}"

    @property
    def display_name(self) -> str:
        if self.entity_type in (EntityType.ORGANIZATION, EntityType.COMMITTEE):
            return self.organization_name
        return " ".join(p for p in (self.first_name, self.middle_name, self.last_name, self.suffix) if p)


class DonationPage(TimeStampedModel):
    committee = models.ForeignKey("committees.Committee", on_delete=models.PROTECT, related_name="pages")
    slug = models.SlugField(unique=True)
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True, default="")
    preset_amounts = models.JSONField(default=list, blank=True, help_text='Dollar strings, e.g. ["25", "50"]')
    minimum_amount = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("1.00"))
    maximum_amount = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("3500.00"))
    allow_one_time = models.BooleanField(default=True)
    allow_monthly = models.BooleanField(default=True)
    default_election = models.ForeignKey(
        "committees.Election", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    thank_you_text = models.TextField(blank=True, default="Thank you for your contribution!")
    is_active = models.BooleanField(default=True)

    def __str__(self) -> str:
        return self.title


class RecurringGift(TimeStampedModel):
    """A monthly gift: a Stripe subscription. Each paid invoice becomes that month's Contribution."""

    class Status(models.TextChoices):
        INCOMPLETE = "incomplete", "Waiting for the first payment"
        ACTIVE = "active"
        PAST_DUE = "past_due", "Past due (a renewal failed)"
        CANCELED = "canceled"

    public_id = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    committee = models.ForeignKey("committees.Committee", on_delete=models.PROTECT, related_name="recurring_gifts")
    page = models.ForeignKey("DonationPage", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    donor = models.ForeignKey(Donor, on_delete=models.PROTECT, related_name="recurring_gifts")
    election = models.ForeignKey(
        "committees.Election",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Blank for a PAC or party committee: its limit is per calendar year, not per election",
    )
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.INCOMPLETE)
    stripe_customer_id = models.CharField(max_length=255, blank=True, default="")
    stripe_subscription_id = models.CharField(max_length=255, blank=True, default="")
    installments_paid = models.PositiveIntegerField(default=0)
    failed_renewals = models.PositiveIntegerField(default=0)
    canceled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.CharField(max_length=200, blank=True, default="")
    attribution = models.JSONField(default=dict, blank=True)
    affirmations = models.JSONField(default=dict, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="recurring_amount_positive"),
            models.UniqueConstraint(
                fields=["stripe_subscription_id"],
                condition=~Q(stripe_subscription_id=""),
                name="recurring_unique_subscription",
            ),
        ]

    def __str__(self) -> str:
        return f"Monthly gift {self.public_id}"


class Donation(TimeStampedModel):
    """One checkout attempt. It becomes a Contribution only when Stripe's signed webhook says the
    payment succeeded; a declined or abandoned attempt never does."""

    class Status(models.TextChoices):
        PENDING = "pending"
        REQUIRES_ACTION = "requires_action"
        PROCESSING = "processing"
        SUCCEEDED = "succeeded"
        FAILED = "failed"
        CANCELED = "canceled"

    public_id = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    committee = models.ForeignKey("committees.Committee", on_delete=models.PROTECT, related_name="donations")
    page = models.ForeignKey(DonationPage, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    donor = models.ForeignKey(Donor, on_delete=models.PROTECT, related_name="donations")
    election = models.ForeignKey(
        "committees.Election",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Blank for a PAC or party committee: its limit is per calendar year, not per election",
    )
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    fee_cover = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        default=Decimal("0.00"),
        db_default=Decimal("0.00"),
        help_text="The part of amount the donor added to cover the processing fee (counted in amount)",
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    stripe_payment_intent_id = models.CharField(max_length=255, blank=True, default="")
    failure_code = models.CharField(max_length=64, blank=True, default="")
    failure_message = models.CharField(max_length=255, blank=True, default="")
    attribution = models.JSONField(default=dict, blank=True, help_text="refcode and UTM parameters")
    affirmations = models.JSONField(default=dict, blank=True, help_text="The statements the donor affirmed")
    limit_period_key = models.CharField(max_length=8, blank=True, default="", help_text="LimitTotal it reserved")
    client_ip = models.GenericIPAddressField(null=True, blank=True, help_text="For card-testing defence only")
    reservation_released = models.BooleanField(default=False)
    recurring_gift = models.ForeignKey(
        RecurringGift,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="donations",
        help_text="Set on the checkout that started a monthly gift (its first installment)",
    )

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="donation_amount_positive"),
            models.UniqueConstraint(
                fields=["stripe_payment_intent_id"],
                condition=~Q(stripe_payment_intent_id=""),
                name="donation_unique_payment_intent",
            ),
        ]

    def __str__(self) -> str:
        return f"Donation {self.public_id}"


class PaymentMethod(models.TextChoices):
    CARD = "card"
    CHECK = "check"
    CASH = "cash"
    OTHER = "other"


class MemoRole(models.TextChoices):
    COPY = "copy", "Copy of the original"
    TO = "to", "Redesignated/reattributed to (+)"
    FROM = "from", "Redesignated/reattributed from (-)"


class Contribution(TimeStampedModel):
    """Money a committee received: one row per receipt, never deleted. Refunds and corrections are
    new rows that point back at this one."""

    class ReceiptType(models.TextChoices):
        INDIVIDUAL = "individual", "Individual"
        PARTY = "party", "Political party committee"
        PAC = "pac", "Other political committee"
        CANDIDATE = "candidate", "The candidate"
        TRANSFER = "transfer", "Transfer from authorized committee"
        LOAN_CANDIDATE = "loan_candidate", "Loan made or guaranteed by the candidate"
        LOAN_OTHER = "loan_other", "Other loan"
        OFFSET = "offset", "Offset to operating expenditures"
        OTHER = "other", "Other receipt"

    class Source(models.TextChoices):
        WEB = "web", "Donation page / API"
        STAFF = "staff", "Staff entry"
        IMPORT = "import", "Import"

    class Status(models.TextChoices):
        RECEIVED = "received"
        DISPUTED = "disputed"
        DISPUTE_WON = "dispute_won", "Dispute won"
        DISPUTE_LOST = "dispute_lost", "Dispute lost"

    class ReceiptStatus(models.TextChoices):
        """The receipt email's outbox: set to pending in the transaction that records a paid gift, sent by a
        worker right after commit or by the beat sweep (services/receipts.py), never twice."""

        NONE = "none", "No receipt (staff entry, import, or no email address)"
        PENDING = "pending", "Waiting to be sent"
        SENT = "sent"

    committee = models.ForeignKey("committees.Committee", on_delete=models.PROTECT, related_name="contributions")
    donor = models.ForeignKey(Donor, on_delete=models.PROTECT, related_name="contributions")
    donation = models.OneToOneField(
        Donation, null=True, blank=True, on_delete=models.PROTECT, related_name="contribution"
    )
    election = models.ForeignKey(
        "committees.Election", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    receipt_type = models.CharField(max_length=16, choices=ReceiptType.choices, default=ReceiptType.INDIVIDUAL)
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    received_at = models.DateTimeField()
    date_received = models.DateField(db_index=True, help_text="FEC date: received_at in the committee's time zone")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.RECEIVED)
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.WEB)
    external_id = models.CharField(max_length=100, blank=True, default="")
    transaction_id = models.CharField(max_length=20, default=new_transaction_id)
    stripe_payment_intent_id = models.CharField(max_length=255, blank=True, default="")
    stripe_charge_id = models.CharField(max_length=255, blank=True, default="")
    memo_text = models.CharField(max_length=100, blank=True, default="")
    is_memo = models.BooleanField(default=False, help_text="Disclosed on the report but never counted in totals")
    limit_period_key = models.CharField(max_length=8, blank=True, default="", help_text="LimitTotal it counts in")
    recurring_gift = models.ForeignKey(
        RecurringGift, null=True, blank=True, on_delete=models.PROTECT, related_name="contributions"
    )
    stripe_invoice_id = models.CharField(max_length=255, blank=True, default="")
    receipt_status = models.CharField(
        max_length=8, choices=ReceiptStatus.choices, default=ReceiptStatus.NONE, db_default=ReceiptStatus.NONE
    )
    receipt_sent_at = models.DateTimeField(null=True, blank=True)
    purpose = models.CharField(max_length=100, blank=True, default="", help_text="Purpose text for SA records")
    conduit = models.ForeignKey(
        "committees.Conduit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="earmarked",
        help_text="Set for an earmarked gift forwarded by a conduit",
    )
    conduit_received_date = models.DateField(
        null=True, blank=True, help_text="When the committee got the money from the conduit (the memo record's date)"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    payment_method = models.CharField(max_length=8, choices=PaymentMethod.choices, blank=True, default="")
    memo_role = models.CharField(
        max_length=4,
        choices=MemoRole.choices,
        blank=True,
        default="",
        help_text="Redesignation/reattribution memo rows: the copy of the original, the TO (+) or FROM (-) entry",
    )
    memo_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="memo_rows", help_text="The original"
    )
    memo_back_reference = models.CharField(
        max_length=20, blank=True, default="", help_text="Transaction id a memo row back-references on Schedule A"
    )
    original_date = models.DateField(
        null=True, blank=True, help_text="A memo copy's record date (the original's); date_received places it"
    )
    returned_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="returns",
        help_text="A returned or bounced contribution: this negative entry on the original's line undoes it",
    )

    class Meta:
        indexes = [
            models.Index(fields=["committee", "date_received"]),
            # The receipt outbox: the sweep reads only the few rows still waiting.
            models.Index(fields=["id"], condition=Q(receipt_status="pending"), name="contribution_receipt_pending"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0)
                | Q(memo_role="from", is_memo=True, amount__lt=0)
                | Q(returned_of__isnull=False, amount__lt=0),
                name="contribution_amount_sign_returns",
            ),
            models.UniqueConstraint(fields=["committee", "transaction_id"], name="contribution_unique_tran_id"),
            models.UniqueConstraint(
                fields=["committee", "source", "external_id"],
                condition=~Q(external_id=""),
                name="contribution_unique_external_id",
            ),
            models.UniqueConstraint(
                fields=["stripe_invoice_id"], condition=~Q(stripe_invoice_id=""), name="contribution_unique_invoice"
            ),
        ]

    def __str__(self) -> str:
        return f"Contribution {self.transaction_id}"


class StripeEvent(models.Model):
    """Dedupe ledger: each Stripe event id is stored once (unique), then processed once."""

    event_id = models.CharField(max_length=255, unique=True)
    type = models.CharField(max_length=100)
    payload = models.JSONField()
    received_at = models.DateTimeField(auto_now_add=True)
    processed_at = models.DateTimeField(null=True, blank=True)
    # When its processing task was last handed to the broker (null: never, or the hand-over failed). A redelivered
    # webhook and the redelivery sweep queue it again only once this is older than STRIPE_EVENT_REQUEUE_SECONDS.
    queued_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True, default="")

    def __str__(self) -> str:
        return f"{self.type} {self.event_id}"


class Refund(TimeStampedModel):
    """Money returned to a contributor: a refund (in full or in part) or a lost dispute. A new record
    pointing back at the contribution, never an edit of it. Reported as a contribution refund
    (Form 3 line 20(a)/SB20A, Form 3X line 28(a)/SB28A) and counted negatively in aggregates."""

    class Kind(models.TextChoices):
        REFUND = "refund", "Refund"
        DISPUTE_LOST = "dispute_lost", "Lost dispute (chargeback)"
        VOID = "void", "Voided refund check (a negative refund)"

    class Source(models.TextChoices):
        STAFF = "staff", "Staff"
        STRIPE = "stripe", "Stripe dashboard / webhook"
        IMPORT = "import", "Import"

    committee = models.ForeignKey("committees.Committee", on_delete=models.PROTECT, related_name="refunds")
    contribution = models.ForeignKey(Contribution, on_delete=models.PROTECT, related_name="refunds")
    donor = models.ForeignKey(Donor, on_delete=models.PROTECT, related_name="refunds")
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.REFUND)
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.STAFF)
    amount = models.DecimalField(
        max_digits=12, decimal_places=2, help_text="Positive dollars returned (negative for a voided refund check)"
    )
    voided_refund = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="voids",
        help_text="For a voided refund check: the refund whose check was voided",
    )
    refunded_at = models.DateTimeField()
    date_refunded = models.DateField(db_index=True, help_text="FEC date in the committee's time zone")
    reason = models.CharField(max_length=200, blank=True, default="")
    transaction_id = models.CharField(max_length=20, default=new_transaction_id)
    stripe_refund_id = models.CharField(max_length=255, blank=True, default="")
    stripe_dispute_id = models.CharField(max_length=255, blank=True, default="")
    external_id = models.CharField(max_length=100, blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0) | Q(kind="void", voided_refund__isnull=False, amount__lt=0),
                name="refund_amount_sign_voids",
            ),
            models.UniqueConstraint(fields=["committee", "transaction_id"], name="refund_unique_tran_id"),
            models.UniqueConstraint(
                fields=["stripe_refund_id"], condition=~Q(stripe_refund_id=""), name="refund_unique_stripe_refund"
            ),
            models.UniqueConstraint(
                fields=["stripe_dispute_id"], condition=~Q(stripe_dispute_id=""), name="refund_unique_stripe_dispute"
            ),
        ]

    def __str__(self) -> str:
        return f"Refund {self.transaction_id} of {self.contribution_id}"


class LimitTotal(models.Model):
    """A contributor's running total toward one contribution limit: per election for candidate
    committees (key "P2026"), per calendar year for PACs and parties (key "Y2026").

    `received` is money recorded (net of refunds); `reserved` is money in checkouts that passed the limit
    check and have not yet succeeded or failed. The checkout check locks this one row, so it costs the
    same for a donor's first gift as for their ten-thousandth, and concurrent gifts serialise on it."""

    committee = models.ForeignKey("committees.Committee", on_delete=models.PROTECT, related_name="+")
    donor = models.ForeignKey(Donor, on_delete=models.PROTECT, related_name="limit_totals")
    period_key = models.CharField(max_length=8)
    received = models.DecimalField(max_digits=14, decimal_places=2, default=Decimal("0.00"))
    reserved = models.DecimalField(max_digits=14, decimal_places=2, default=Decimal("0.00"))
    # The unpaid share of bank loans this donor guarantees or endorses (11 CFR 100.52(b)(3)), kept by
    # compliance.services.guarantees; it counts toward the limit beside `received`.
    guaranteed = models.DecimalField(
        max_digits=14, decimal_places=2, default=Decimal("0.00"), db_default=Decimal("0.00")
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["committee", "donor", "period_key"], name="limit_total_unique"),
            models.CheckConstraint(condition=Q(reserved__gte=0), name="limit_total_reserved_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.donor_id} {self.period_key}: {self.received} + {self.reserved} reserved"


class DuplicateDonor(TimeStampedModel):
    """A likely duplicate: two donor records of one committee that may be the same person (same name with the
    same email, phone or employer). Staff merge or dismiss it; while it is open, the limit check counts both
    records' gifts (donations.services.duplicates.limit_donor_ids)."""

    class Status(models.TextChoices):
        OPEN = "open"
        MERGED = "merged"
        DISMISSED = "dismissed"

    committee = models.ForeignKey("committees.Committee", on_delete=models.PROTECT, related_name="+")
    donor = models.ForeignKey(Donor, on_delete=models.PROTECT, related_name="+", help_text="The earlier record")
    other = models.ForeignKey(Donor, on_delete=models.PROTECT, related_name="+", help_text="The later record")
    reasons = models.JSONField(
        default=list,
        help_text='What matched besides the name: "address" (the same address spelled two ways), "email", '
        '"phone", "employer"',
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution_reason = models.CharField(max_length=200, blank=True, default="")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["donor", "other"], name="duplicate_donor_pair_once"),
            models.CheckConstraint(condition=Q(donor__lt=models.F("other")), name="duplicate_donor_ordered"),
        ]
        indexes = [models.Index(fields=["committee", "status"])]

    def __str__(self) -> str:
        return f"Duplicate? {self.donor_id} / {self.other_id} ({self.status})"


# Stripe's money movement (fees, payouts), express giving and donor self-service sign-in links: their own modules,
# registered with this app.
from donations.access_models import DonorAccessLink  # noqa: E402, F401
from donations.aggregate_models import AggregateBasis, ReceiptAggregate  # noqa: E402, F401
from donations.express_models import ExpressCard, MonthlyUpsell  # noqa: E402, F401
from donations.money_models import BalanceTransaction, Payout  # noqa: E402, F401
