"""Form 3P data beyond the schedules: the allocation of a primary committee's expenditures to states (the state
allocation columns of the summary page and of F3PS; 11 CFR 106.2, Presidential primary candidates receiving
matching funds) and the items on hand to be liquidated (line 31 and its F3P31 attachment; 11 CFR 9034.5(a)(2)).
Entered through compliance.services.presidential (audited); rows are never deleted: a correction of an allocation
is a new row (a negative amount takes back part of an earlier one), a liquidated item gets its liquidation date."""

from django.conf import settings
from django.db import models

from committees.models import Committee
from fundraising.models import TimeStampedModel, new_transaction_id
from fundraising.validators import state_validator, zip_code_validator


class StateAllocation(TimeStampedModel):
    """Part of one disbursement allocated to one state (dated by the disbursement)."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="state_allocations")
    disbursement = models.ForeignKey(
        "compliance.Disbursement", on_delete=models.PROTECT, related_name="state_allocations"
    )
    state = models.CharField(max_length=2, help_text="Postal code of a Form 3P allocation column (AL ... VI)")
    amount = models.DecimalField(max_digits=12, decimal_places=2, help_text="Dollars; negative corrects a prior row")
    note = models.CharField(max_length=100, blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [models.CheckConstraint(condition=~models.Q(amount=0), name="state_allocation_nonzero")]
        indexes = [models.Index(fields=["committee", "state"])]

    def __str__(self) -> str:
        return f"StateAllocation {self.state} {self.amount}"


class LiquidationItem(TimeStampedModel):
    """An item on hand to be liquidated (Form 3P line 31): who gave or sold it, what it is, its fair market value.
    On hand from ``date_acquired`` until ``liquidated_on`` (exclusive)."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="liquidation_items")
    transaction_id = models.CharField(max_length=20, default=new_transaction_id)
    entity_type = models.CharField(max_length=3, help_text="IND, ORG, COM or CAN: who gave or sold the item")
    organization_name = models.CharField(max_length=200, blank=True, default="")
    last_name = models.CharField(max_length=30, blank=True, default="")
    first_name = models.CharField(max_length=20, blank=True, default="")
    street_1 = models.CharField(max_length=34)
    street_2 = models.CharField(max_length=34, blank=True, default="")
    city = models.CharField(max_length=30)
    state = models.CharField(max_length=2, validators=[state_validator])
    zip_code = models.CharField(max_length=10, validators=[zip_code_validator])
    employer = models.CharField(max_length=38, blank=True, default="")
    occupation = models.CharField(max_length=38, blank=True, default="")
    election_code = models.CharField(max_length=5, help_text="P2028, G2028 ...")
    description = models.CharField(max_length=100)
    date_acquired = models.DateField()
    fair_market_value = models.DecimalField(max_digits=12, decimal_places=2)
    liquidated_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(fair_market_value__gt=0), name="liquidation_item_value_positive"),
            models.UniqueConstraint(fields=["committee", "transaction_id"], name="liquidation_item_unique_tran_id"),
        ]

    def __str__(self) -> str:
        return f"LiquidationItem {self.transaction_id}"
