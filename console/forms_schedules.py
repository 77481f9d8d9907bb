"""Forms for the entries the API had alone until now: independent expenditures and their Form 24s (PACs and
parties), Form 3P's state allocations and items to be liquidated (presidential committees), and a loan's Schedules
C-1 and C-2. Shapes only; the rules stay in compliance.services.independent, presidential and loan_schedules,
whose errors land on the field they name."""

from __future__ import annotations

from decimal import Decimal

from django import forms

from compliance.services.independent import PAYEE_CODES
from console.forms import MONEY, STATES, _date
from console.forms_entries import TRANSACTION_ID

PAYEES = list(zip(PAYEE_CODES, ["Individual", "Organization", "Committee", "Candidate"], strict=True))
OPTIONAL_MONEY = {**MONEY, "required": False}


def _text(label: str, size: int, *, required: bool = False, help_text: str = "") -> forms.CharField:
    return forms.CharField(label=label, max_length=size, required=required, help_text=help_text)


class _Address(forms.Form):
    street_1 = _text("Street", 34, required=True)
    street_2 = _text("Street (line 2)", 34)
    city = _text("City", 30, required=True)
    state = forms.ChoiceField(label="State", choices=STATES)
    zip_code = forms.RegexField(
        label="ZIP code", regex=r"^\d{5}(-?\d{4})?$", error_messages={"invalid": "Enter a 5-digit ZIP or ZIP+4."}
    )


class IndependentExpenditureForm(_Address):
    """One Schedule E row. The payee's address fields come from _Address; the rest mirror the API's input."""

    amount = forms.DecimalField(label="Amount (USD)", **MONEY)
    dissemination_date = _date("Date disseminated", help_text="The day it was publicly distributed or disseminated")
    expenditure_date = _date("Date paid", required=False, help_text="Blank: not paid yet or not known")
    purpose = _text("Purpose", 100, required=True, help_text="What was bought, e.g. 'TV ad'")
    category = forms.RegexField(
        label="Category code", regex=r"^\d{3}$", required=False, help_text="FEC category code (001-012), optional"
    )
    memo = forms.BooleanField(label="Memo entry (disclosed, never counted in totals)", required=False)
    memo_text = _text("Memo text", 100)
    support_oppose = forms.ChoiceField(label="Supports or opposes", choices=[("S", "Supports"), ("O", "Opposes")])
    candidate_fec_id = _text("Candidate's FEC id", 9, required=True, help_text="e.g. H8VA11000")
    candidate_first_name = _text("Candidate's first name", 20, required=True)
    candidate_last_name = _text("Candidate's last name", 30, required=True)
    candidate_office = forms.ChoiceField(
        label="Office sought", choices=[("H", "House"), ("S", "Senate"), ("P", "President")]
    )
    candidate_state = forms.ChoiceField(label="Candidate's state", choices=STATES, required=False)
    candidate_district = _text("District", 2, help_text="House: two digits, 00 at large")
    election = forms.RegexField(
        label="Election",
        regex=r"^[PGRSCEpgrsce]\d{4}$",
        help_text="e.g. G2028 or P2028",
        error_messages={"invalid": "An election code: P, G, R, S, C or E and the year, e.g. G2028."},
    )
    election_date = _date("Election date", help_text="Sets the 24- and 48-hour reporting periods")
    entity_type = forms.ChoiceField(label="Payee is", choices=PAYEES, initial="ORG")
    organization_name = _text("Payee organization", 200, help_text="Organization or committee payee")
    first_name = _text("Payee first name", 20, help_text="Individual or candidate payee")
    last_name = _text("Payee last name", 30)
    fec_id = _text("Payee committee's FEC id", 9, help_text="Committee payee: C and 8 digits")
    transaction_id = forms.RegexField(**TRANSACTION_ID)

    EXPENDITURE = ("amount", "dissemination_date", "expenditure_date", "purpose", "category", "memo", "memo_text")
    CANDIDATE = ("support_oppose", "candidate_fec_id", "candidate_first_name", "candidate_last_name")
    CANDIDATE += ("candidate_office", "candidate_state", "candidate_district", "election", "election_date")
    PAYEE = ("entity_type", "organization_name", "first_name", "last_name", "fec_id")
    PAYEE += ("street_1", "street_2", "city", "state", "zip_code", "transaction_id")
    field_order = [*EXPENDITURE, *CANDIDATE, *PAYEE]


class IEReportFiledForm(forms.Form):
    fec_filing_id = forms.RegexField(
        label="FEC filing id",
        regex=r"^(FEC-)?\d{1,16}$",
        max_length=20,
        help_text="The number the FEC gave the filing, e.g. FEC-1234567",
        error_messages={"invalid": "The FEC's filing id: digits, optionally after 'FEC-'."},
    )


class StateAllocationForm(forms.Form):
    state = forms.ChoiceField(label="State", choices=STATES)
    amount = forms.DecimalField(
        label="Amount (USD)",
        max_digits=12,
        decimal_places=2,
        help_text="Negative takes back part of an earlier allocation to the same state",
    )
    note = _text("Note", 100, help_text="Why, for the record")

    def clean_amount(self) -> Decimal:
        amount = self.cleaned_data["amount"]
        if amount == 0:
            raise forms.ValidationError("Enter an amount other than zero.")
        return amount


class LiquidationItemForm(_Address):
    description = _text("Item", 100, required=True, help_text="What the item is, e.g. 'Office furniture'")
    date_acquired = _date("Date acquired", help_text="When the committee received or bought it")
    fair_market_value = forms.DecimalField(label="Fair market value (USD)", **MONEY)
    election_code = forms.RegexField(
        label="Election",
        regex=r"^[PGpg]\d{4}$",
        help_text="P or G and the year, e.g. P2028",
        error_messages={"invalid": "P or G and the year, e.g. P2028."},
    )
    entity_type = forms.ChoiceField(label="Given or sold by", choices=PAYEES, initial="ORG")
    organization_name = _text("Organization name", 200, help_text="Organization or committee")
    first_name = _text("First name", 20, help_text="A person")
    last_name = _text("Last name", 30)
    employer = _text("Employer", 38)
    occupation = _text("Occupation", 38)
    transaction_id = forms.RegexField(**TRANSACTION_ID)

    ITEM = ("description", "date_acquired", "fair_market_value", "election_code", "transaction_id")
    SOURCE = ("entity_type", "organization_name", "first_name", "last_name", "employer", "occupation")
    SOURCE += ("street_1", "street_2", "city", "state", "zip_code")
    field_order = [*ITEM, *SOURCE]


class LiquidatedForm(forms.Form):
    liquidated_on = _date("Date sold or disposed of")


class LoanAgreementForm(forms.Form):
    """Schedule C-1, as the API's input (compliance.api.loan_views)."""

    officer_first_name = _text("Officer's first name", 20, required=True)
    officer_last_name = _text("Officer's last name", 30, required=True)
    officer_title = _text("Officer's title", 20, required=True, help_text="e.g. Loan Officer")
    officer_signed = _date("Officer signed on")
    treasurer_signed = _date("Treasurer signed on")
    restructured = forms.BooleanField(label="Restructures an earlier loan", required=False)
    originally_incurred = _date("Originally incurred", required=False, help_text="If restructured")
    credit_drawn = forms.DecimalField(label="Line of credit: amount drawn (USD)", **OPTIONAL_MONEY)
    credit_balance = forms.DecimalField(label="Line of credit: balance (USD)", **OPTIONAL_MONEY)
    others_liable = forms.BooleanField(label="Others are liable for the loan", required=False)
    collateral = _text("Collateral", 100, help_text="Blank: none")
    collateral_value = forms.DecimalField(label="Collateral's value (USD)", **OPTIONAL_MONEY)
    perfected_interest = forms.BooleanField(label="The lender has a perfected security interest", required=False)
    future_income = _text("Future receipts pledged", 100, help_text="Blank: none")
    future_income_value = forms.DecimalField(label="Their estimated value (USD)", **OPTIONAL_MONEY)
    basis = _text("Otherwise, the basis of the loan", 100)

    OFFICER = ("officer_first_name", "officer_last_name", "officer_title", "officer_signed", "treasurer_signed")
    TERMS = ("restructured", "originally_incurred", "credit_drawn", "credit_balance", "others_liable")
    SECURITY = ("collateral", "collateral_value", "perfected_interest", "future_income", "future_income_value")
    SECURITY += ("basis",)


class GuarantorForm(_Address):
    entity_type = forms.ChoiceField(label="Guarantor is", choices=[("IND", "Individual"), ("ORG", "Organization")])
    first_name = _text("First name", 20, help_text="An individual")
    last_name = _text("Last name", 30)
    organization_name = _text("Organization name", 200, help_text="An organization")
    employer = _text("Employer", 38)
    occupation = _text("Occupation", 38)
    amount = forms.DecimalField(label="Amount guaranteed (USD)", **MONEY)

    field_order = ["entity_type", "first_name", "last_name", "organization_name", "employer", "occupation"]
