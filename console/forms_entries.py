"""Forms for the entries that undo or owe money: a returned or bounced gift, a voided refund check, a debt
(Schedule D), a payment on one and a change of its amount (with the treasurer's review of a forgiveness). Shapes
only; the rules stay in compliance.services.returns, debts and debt_adjustments."""

from __future__ import annotations

from django import forms

from compliance.models import Debt, DebtAdjustment
from console.forms import MONEY, PersonFields, _date
from donations.models import EntityType

TRANSACTION_ID = {
    "label": "Transaction id",
    "regex": r"^[A-Z0-9][A-Z0-9._-]{0,19}$",
    "required": False,
    "help_text": "Blank: one is made",
    "error_messages": {"invalid": "Capital letters, digits, '.', '_' or '-', at most 20."},
}


class ReturnForm(forms.Form):
    amount = forms.DecimalField(
        label="Amount returned (USD)", required=False, help_text="Blank: all that is left of the gift", **MONEY
    )
    date_returned = _date("Date it came back", help_text="The day the bank returned it or you sent it back")
    reason = forms.CharField(
        label="Reason", max_length=100, required=False, help_text="e.g. insufficient funds; blank: returned/bounced"
    )
    transaction_id = forms.RegexField(**TRANSACTION_ID)


class VoidForm(forms.Form):
    date_voided = _date("Date voided", help_text="The day you voided the uncashed check")
    reason = forms.CharField(label="Reason", max_length=200, required=False, help_text="e.g. never cashed")
    transaction_id = forms.RegexField(**TRANSACTION_ID)


class DebtForm(PersonFields):
    entity_type = forms.ChoiceField(label="Entity", choices=EntityType.choices, initial=EntityType.ORGANIZATION)
    direction = forms.ChoiceField(label="Who owes it", choices=Debt.Direction.choices, initial=Debt.Direction.OWED_BY)
    amount = forms.DecimalField(label="Amount (USD)", **MONEY)
    date_incurred = _date("Date incurred")
    purpose = forms.CharField(label="Purpose", max_length=100, help_text="What it is for, e.g. 'Printing (unpaid)'")
    transaction_id = forms.RegexField(**TRANSACTION_ID)

    field_order = ["direction", "amount", "date_incurred", "purpose"]


class DebtPaymentForm(forms.Form):
    amount = forms.DecimalField(label="Amount paid (USD)", **MONEY)
    date_paid = _date("Date paid")
    purpose = forms.CharField(label="Purpose", max_length=100, required=False, help_text="Blank: the debt's purpose")


class DebtFilterForm(forms.Form):
    show = forms.ChoiceField(
        label="Show",
        required=False,
        choices=[("", "Outstanding only"), ("all", "All, paid ones too")],
    )


class DebtAdjustmentForm(forms.Form):
    kind = forms.ChoiceField(label="Change", choices=DebtAdjustment.Kind.choices)
    amount = forms.DecimalField(
        label="Amount of the change (USD)",
        max_digits=12,
        decimal_places=2,
        help_text="More billed or forgiven: the size of it. An estimate corrected: + more, - less",
    )
    date_adjusted = _date("Date of the change")
    reason = forms.CharField(label="Reason", max_length=300, help_text="e.g. 'Second print run billed'")


class DebtAdjustmentReviewForm(forms.Form):
    note = forms.CharField(label="Review note", max_length=300, help_text="e.g. 'Meets 11 CFR 116.4: letters on file'")
