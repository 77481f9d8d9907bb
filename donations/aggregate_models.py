"""Each receipt's aggregate-to-date and itemization, kept at write time (issue #17).

A report reads its itemized receipts as an index range over the period instead of re-running every
contributor's aggregate over the cycle. Derived data: rebuilt from the books whenever in doubt
(donations.services.aggregates), so it sits outside the ledger's hash chain; the books stay the record."""

from django.db import models
from django.db.models import Q


class ReceiptAggregate(models.Model):
    """One contribution's place in its contributor's aggregate (11 CFR 104.3(a)(4), 104.8): the running total
    of the contributor's receipts (less refunds counted in the same window) through this one, in date order, within
    the committee's aggregation window (election cycle or calendar year) holding its date, and whether it is
    itemized (not an individual contribution, a memo entry, or the aggregate has passed $200 at or before it)."""

    contribution = models.OneToOneField(
        "donations.Contribution", primary_key=True, on_delete=models.PROTECT, related_name="+"
    )
    committee = models.ForeignKey("committees.Committee", on_delete=models.PROTECT, related_name="+", db_index=False)
    date_received = models.DateField()
    window_start = models.DateField(help_text="First day of the aggregation window holding date_received")
    aggregate = models.DecimalField(max_digits=14, decimal_places=2)
    itemized = models.BooleanField()
    # Copies of the contribution's own (never-changing) columns, so a report's totals are one scan of this table's
    # covering index instead of a join back to the contributions.
    receipt_type = models.CharField(max_length=16)
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    is_memo = models.BooleanField()
    conduit_aggregate = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="An earmarked receipt's conduit's running total in the window (the conduit memo's aggregate)",
    )

    class Meta:
        indexes = [
            models.Index(
                fields=["committee", "date_received"],
                include=["receipt_type", "amount", "is_memo", "itemized"],
                name="receipt_agg_period",
            ),
            models.Index(
                fields=["committee", "date_received"], condition=Q(itemized=True), name="receipt_agg_itemized"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contribution_id}: {self.aggregate} ({'itemized' if self.itemized else 'unitemized'})"


class AggregateBasis(models.Model):
    """The window rules (committees.windows.WindowRules.basis) a committee's ReceiptAggregate rows were last
    rebuilt under: a report uses the kept aggregates only when this matches the committee's rules now."""

    committee = models.OneToOneField(
        "committees.Committee", primary_key=True, on_delete=models.PROTECT, related_name="+"
    )
    basis = models.TextField()
    rebuilt_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.committee_id}: {self.basis}"
