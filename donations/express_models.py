"""Express giving and the monthly upsell (donations/services/express.py, upsell.py).

A saved card is kept only with the donor's consent, whose words and time are stored with it; forgetting it
detaches the card at Stripe and stamps ``forgotten_at`` (rows are never deleted). A monthly upsell is one per
one-time gift (the unique donation makes a double click start one subscription), with the consent the donor gave."""

import uuid

from django.db import models

from fundraising.models import TimeStampedModel


class ExpressCard(TimeStampedModel):
    public_id = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    committee = models.ForeignKey("committees.Committee", on_delete=models.PROTECT, related_name="+")
    donor = models.ForeignKey("donations.Donor", on_delete=models.PROTECT, related_name="express_cards")
    donation = models.OneToOneField(
        "donations.Donation", on_delete=models.PROTECT, related_name="express_card", help_text="The gift that saved it"
    )
    stripe_customer_id = models.CharField(max_length=255)
    stripe_payment_method_id = models.CharField(max_length=255, blank=True, default="", help_text="Set once paid")
    brand = models.CharField(max_length=20, blank=True, default="")
    last4 = models.CharField(max_length=4, blank=True, default="")
    consent_text = models.CharField(max_length=300)
    consented_at = models.DateTimeField()
    forgotten_at = models.DateTimeField(null=True, blank=True)

    @property
    def usable(self) -> bool:
        return bool(self.stripe_payment_method_id) and self.forgotten_at is None

    @property
    def label(self) -> str:
        return f"{self.brand.title() or 'Card'} ending {self.last4}" if self.last4 else "your saved card"


class MonthlyUpsell(TimeStampedModel):
    donation = models.OneToOneField("donations.Donation", on_delete=models.PROTECT, related_name="monthly_upsell")
    recurring_gift = models.OneToOneField(
        "donations.RecurringGift", null=True, blank=True, on_delete=models.PROTECT, related_name="upsell"
    )
    consent_text = models.CharField(max_length=300)
    consented_at = models.DateTimeField()
    client_ip = models.GenericIPAddressField(null=True, blank=True)
