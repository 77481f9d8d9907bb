"""Forms of the console. They check shapes (a date is a date, an amount is money); the rules (limits, who may
be paid what, what a report needs) stay in the services, whose errors land on the field they name."""

from __future__ import annotations

from decimal import Decimal

from django import forms

from accounts.roles import Role
from committees.models import Committee, Conduit
from compliance.models import Disbursement
from compliance.services.reports import REPORT_CODES
from console.selectors import KINDS
from donations.models import Contribution, ContributorType, EntityType, PaymentMethod
from fundraising.validators import US_STATES

MONEY = {"max_digits": 12, "decimal_places": 2, "min_value": Decimal("0.01")}
STATES = [("", "—")] + [(s, s) for s in sorted(US_STATES)]


class DateInput(forms.DateInput):
    input_type = "date"


def _date(label: str, required: bool = True, help_text: str = "") -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DateInput(), help_text=help_text)


def _elections(committee: Committee, blank: str) -> list[tuple[str, str]]:
    return [("", blank)] + [(e.code, f"{e.code} ({e.date:%b %-d, %Y})") for e in committee.elections.all()]


class LedgerFilterForm(forms.Form):
    start = _date("From", required=False)
    end = _date("Through", required=False)
    kind = forms.ChoiceField(label="Kind", required=False, choices=[("", "All")] + list(KINDS.items()))
    line = forms.ChoiceField(label="Line", required=False)
    election = forms.ChoiceField(label="Election", required=False)
    donor = forms.CharField(label="Name or transaction id", required=False, max_length=100)
    amount_min = forms.DecimalField(label="Amount from", required=False, max_digits=12, decimal_places=2)
    amount_max = forms.DecimalField(label="Amount to", required=False, max_digits=12, decimal_places=2)
    itemized = forms.ChoiceField(
        label="Itemized", required=False, choices=[("", "Either"), ("yes", "Itemized"), ("no", "Unitemized")]
    )
    memo = forms.ChoiceField(
        label="Memo entries", required=False, choices=[("", "Include"), ("no", "Leave out"), ("yes", "Only")]
    )
    sort = forms.ChoiceField(
        label="Sort by",
        required=False,
        choices=[
            ("-date", "Newest first"),
            ("date", "Oldest first"),
            ("-amount", "Largest first"),
            ("amount", "Smallest first"),
            ("name", "Name A–Z"),
            ("-name", "Name Z–A"),
        ],
    )

    def __init__(self, *args, committee: Committee, lines: list[tuple[str, str]], **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.fields["line"].choices = [("", "All lines")] + lines
        self.fields["election"].choices = _elections(committee, "All")

    def clean(self) -> dict:
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", "The end date is before the start date.")
        return data


class PersonFields(forms.Form):
    """Who gave (or was paid): a person, an organization or a committee."""

    entity_type = forms.ChoiceField(label="Entity", choices=EntityType.choices, initial=EntityType.INDIVIDUAL)
    prefix = forms.CharField(label="Prefix", max_length=10, required=False)
    first_name = forms.CharField(label="First name", max_length=20, required=False)
    middle_name = forms.CharField(label="Middle name", max_length=20, required=False)
    last_name = forms.CharField(label="Last name", max_length=30, required=False)
    suffix = forms.CharField(label="Suffix", max_length=10, required=False)
    organization_name = forms.CharField(label="Organization name", max_length=200, required=False)
    committee_fec_id = forms.RegexField(
        label="Committee FEC id", regex=r"^C\d{8}$", required=False, help_text="For a committee: C followed by 8 digits"
    )
    street_1 = forms.CharField(label="Street", max_length=34)
    street_2 = forms.CharField(label="Street (line 2)", max_length=34, required=False)
    city = forms.CharField(label="City", max_length=30)
    state = forms.ChoiceField(label="State", choices=STATES)
    zip_code = forms.RegexField(
        label="ZIP code", regex=r"^\d{5}(-?\d{4})?$", error_messages={"invalid": "Enter a 5-digit ZIP or ZIP+4."}
    )

    def clean(self) -> dict:
        data = super().clean()
        kind = data.get("entity_type")
        if kind in (EntityType.INDIVIDUAL, EntityType.CANDIDATE):
            for name in ("first_name", "last_name"):
                if not data.get(name):
                    self.add_error(name, "A person needs a first and a last name.")
        elif not data.get("organization_name"):
            self.add_error("organization_name", "An organization or committee needs its name.")
        if kind == EntityType.COMMITTEE and not data.get("committee_fec_id"):
            self.add_error("committee_fec_id", "A committee needs its FEC id.")
        return data


class ReceiptForm(PersonFields):
    employer = forms.CharField(label="Employer", max_length=38, required=False)
    occupation = forms.CharField(label="Occupation", max_length=38, required=False)
    email = forms.EmailField(label="Email", required=False)
    phone = forms.CharField(label="Phone", max_length=20, required=False)
    amount = forms.DecimalField(label="Amount (USD)", **MONEY)
    date_received = _date("Date received")
    receipt_type = forms.ChoiceField(
        label="Type of receipt", choices=Contribution.ReceiptType.choices, initial=Contribution.ReceiptType.INDIVIDUAL
    )
    election = forms.ChoiceField(label="Election", required=False, help_text="Blank: the next election")
    payment_method = forms.ChoiceField(
        label="Paid by", choices=[("", "—")] + PaymentMethod.choices, required=False, initial=PaymentMethod.CHECK
    )
    conduit = forms.ModelChoiceField(
        label="Earmarked through (conduit)", queryset=Conduit.objects.order_by("name"), required=False
    )
    conduit_received_date = _date("Received from the conduit on", required=False)
    purpose = forms.CharField(label="Purpose (non-contribution receipts)", max_length=100, required=False)
    memo_text = forms.CharField(label="Memo text", max_length=100, required=False)
    is_memo = forms.BooleanField(label="Memo entry (disclosed, not counted)", required=False)
    transaction_id = forms.RegexField(
        label="Transaction id", regex=r"^[A-Z0-9][A-Z0-9._-]{0,19}$", required=False, help_text="Blank: one is made"
    )
    in_kind = forms.BooleanField(
        label="Given in kind (goods or services)",
        required=False,
        help_text="Purpose says what was given; a memo expenditure of the same amount is recorded with it",
    )
    loan_due_date = _date("Loan due date", required=False)
    loan_interest_rate = forms.DecimalField(
        label="Loan interest rate (% a year)", required=False, min_value=0, max_value=100, decimal_places=4
    )
    loan_secured = forms.BooleanField(label="Loan secured by collateral", required=False)

    def __init__(self, *args, committee: Committee, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.fields["election"].choices = _elections(committee, "The next election")


class DisbursementForm(PersonFields):
    entity_type = forms.ChoiceField(label="Payee entity", choices=EntityType.choices, initial=EntityType.ORGANIZATION)
    amount = forms.DecimalField(label="Amount (USD)", **MONEY)
    date_disbursed = _date("Date paid")
    kind = forms.ChoiceField(label="Kind of disbursement", choices=Disbursement.Kind.choices)
    purpose = forms.CharField(label="Purpose", max_length=100, help_text="What it paid for, e.g. 'Printing'")
    category_code = forms.ChoiceField(
        label="Category",
        required=False,
        choices=[("", "—")]
        + [
            ("001", "001 Administrative/salary/overhead"),
            ("002", "002 Travel"),
            ("003", "003 Solicitation and fundraising"),
            ("004", "004 Advertising"),
            ("005", "005 Polling"),
            ("006", "006 Campaign materials"),
            ("007", "007 Campaign event expenses"),
            ("008", "008 Transfers"),
            ("009", "009 Loan repayments"),
            ("010", "010 Refunds of contributions"),
            ("011", "011 Political contributions"),
            ("012", "012 Donations"),
        ],
    )
    election = forms.ChoiceField(label="Election", required=False)
    loan = forms.ChoiceField(label="Loan repaid", required=False, help_text="For a loan repayment")
    memo_text = forms.CharField(label="Memo text", max_length=100, required=False)
    is_memo = forms.BooleanField(label="Memo entry (disclosed, not counted)", required=False)
    transaction_id = forms.RegexField(
        label="Transaction id", regex=r"^[A-Z0-9][A-Z0-9._-]{0,19}$", required=False, help_text="Blank: one is made"
    )
    beneficiary_candidate_fec_id = forms.CharField(
        label="Candidate FEC id (contributions)", max_length=9, required=False
    )
    beneficiary_candidate_last_name = forms.CharField(label="Candidate last name", max_length=30, required=False)
    beneficiary_candidate_first_name = forms.CharField(label="Candidate first name", max_length=20, required=False)
    beneficiary_candidate_office = forms.ChoiceField(
        label="Candidate office",
        required=False,
        choices=[("", "—"), ("H", "House"), ("S", "Senate"), ("P", "President")],
    )
    beneficiary_candidate_state = forms.ChoiceField(label="Candidate state", required=False, choices=STATES)
    beneficiary_candidate_district = forms.CharField(label="Candidate district", max_length=2, required=False)

    def __init__(self, *args, committee: Committee, loans: list[tuple[str, str]], **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.fields["election"].choices = _elections(committee, "None")
        self.fields["loan"].choices = [("", "—")] + loans


class RefundForm(forms.Form):
    amount = forms.DecimalField(
        label="Amount to refund (USD)", required=False, help_text="Blank: all that is left", **MONEY
    )
    reason = forms.CharField(label="Reason", max_length=200)
    date_refunded = _date("Date of the check", required=False, help_text="Gifts not paid by card: the date you sent it")


class MemoForm(forms.Form):
    parent_transaction_id = forms.CharField(label="Transaction it explains", max_length=21)
    text = forms.CharField(label="Memo text", max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))


class DonorDetailsForm(forms.Form):
    """What staff may correct on a donor: identity, address, employer and contact. Audited."""

    prefix = forms.CharField(label="Prefix", max_length=10, required=False)
    first_name = forms.CharField(label="First name", max_length=20, required=False)
    middle_name = forms.CharField(label="Middle name", max_length=20, required=False)
    last_name = forms.CharField(label="Last name", max_length=30, required=False)
    suffix = forms.CharField(label="Suffix", max_length=10, required=False)
    organization_name = forms.CharField(label="Organization name", max_length=200, required=False)
    street_1 = forms.CharField(label="Street", max_length=34)
    street_2 = forms.CharField(label="Street (line 2)", max_length=34, required=False)
    city = forms.CharField(label="City", max_length=30)
    state = forms.ChoiceField(label="State", choices=STATES)
    zip_code = forms.RegexField(
        label="ZIP code", regex=r"^\d{5}(-?\d{4})?$", error_messages={"invalid": "Enter a 5-digit ZIP or ZIP+4."}
    )
    employer = forms.CharField(label="Employer", max_length=38, required=False)
    occupation = forms.CharField(label="Occupation", max_length=38, required=False)
    email = forms.EmailField(label="Email", required=False)
    phone = forms.CharField(label="Phone", max_length=20, required=False)
    reason = forms.CharField(label="Why (kept in the audit log)", max_length=200)


class ContributorTypeForm(forms.Form):
    """The contributor type decides the limit a donor's gifts are held to: treasurers only, with a reason."""

    contributor_type = forms.ChoiceField(label="Contributor type", choices=ContributorType.choices)
    reason = forms.CharField(label="Why (kept in the audit log)", max_length=200)


class MergeForm(forms.Form):
    merge = forms.IntegerField(label="Donor number to merge into this one", min_value=1)
    reason = forms.CharField(label="Why they are the same person", max_length=200)


class CancelMonthlyForm(forms.Form):
    reason = forms.CharField(label="Reason", max_length=200)


class ReportForm(forms.Form):
    """A new report: the API's defaults (the committee's form; coverage from the day after the previous report
    through the FEC calendar's period end) unless dates are given."""

    report_code = forms.ChoiceField(label="Report", choices=[(c, c) for c in REPORT_CODES])
    year = forms.IntegerField(label="Year", min_value=2000, max_value=2100)
    election = forms.ChoiceField(label="Election", required=False, help_text="For pre- and post-election reports")
    coverage_from = _date("Coverage from", required=False, help_text="Blank: the day after the previous report")
    coverage_through = _date("Coverage through", required=False, help_text="Blank: the period end on the calendar")
    date_signed = _date("Date signed on the cover", required=False, help_text="Blank: the day it is built")

    def __init__(self, *args, committee: Committee, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.fields["election"].choices = _elections(committee, "None")


class MarkFiledForm(forms.Form):
    fec_filing_id = forms.CharField(
        label="FEC filing id", max_length=20, help_text="The number the FEC gave the filing"
    )
    signed_by = forms.CharField(label="Signed by", max_length=100, help_text="The treasurer who signed it")
    date_signed = _date("Date signed")


class ReviewNoteForm(forms.Form):
    note = forms.CharField(label="Note (kept with the decision)", max_length=300, required=False)


class RedesignateForm(ReviewNoteForm):
    election = forms.ChoiceField(label="Move the excess to")


class ReattributeForm(ReviewNoteForm):
    first_name = forms.CharField(label="First name", max_length=20)
    last_name = forms.CharField(label="Last name", max_length=30)
    street_1 = forms.CharField(label="Street", max_length=34)
    city = forms.CharField(label="City", max_length=30)
    state = forms.ChoiceField(label="State", choices=STATES)
    zip_code = forms.RegexField(label="ZIP code", regex=r"^\d{5}(-?\d{4})?$")
    employer = forms.CharField(label="Employer", max_length=38, required=False)
    occupation = forms.CharField(label="Occupation", max_length=38, required=False)


class BankMatchForm(forms.Form):
    """Confirm what the books proposed for a bank line (no target), or re-match it (compliance.books.bank)."""

    target = forms.ChoiceField(
        label="Match to",
        required=False,
        choices=[
            ("", "Confirm the proposed match"),
            ("payout", "A Stripe payout (its database id)"),
            ("conduit_payout", "A conduit payout (its database id)"),
            ("disbursement", "A disbursement (its database id)"),
            ("refund", "A refund (its database id)"),
            ("none", "Nothing: leave it unmatched"),
        ],
    )
    target_id = forms.IntegerField(label="Id", required=False, min_value=1)
    note = forms.CharField(label="Note", required=False, max_length=200)


class NoticeFiledForm(forms.Form):
    fec_filing_id = forms.CharField(label="FEC filing id", max_length=16, required=False)


class DonationPageForm(forms.Form):
    slug = forms.SlugField(label="Address (/donate/…/)", max_length=50)
    title = forms.CharField(label="Title", max_length=200)
    body = forms.CharField(label="Text", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    preset_amounts = forms.CharField(label="Preset amounts", required=False, help_text="Dollars, comma-separated")
    minimum_amount = forms.DecimalField(label="Minimum (USD)", **MONEY)
    maximum_amount = forms.DecimalField(label="Maximum (USD)", **MONEY)
    allow_one_time = forms.BooleanField(label="One-time gifts", required=False)
    allow_monthly = forms.BooleanField(label="Monthly gifts", required=False)
    default_election = forms.ChoiceField(label="Default election", required=False)
    thank_you_text = forms.CharField(label="Thank-you text", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    is_active = forms.BooleanField(label="Live (accepting gifts)", required=False)

    def __init__(self, *args, committee: Committee, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.fields["default_election"].choices = _elections(committee, "The next election")


class MemberForm(forms.Form):
    username = forms.CharField(label="Username", max_length=150)
    email = forms.EmailField(label="Email", required=False, help_text="For a new person; reminders go here")
    role = forms.ChoiceField(label="Role", choices=Role.choices)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label="Role", choices=Role.choices)


class TokenForm(forms.Form):
    name = forms.CharField(label="What uses it", max_length=100, help_text="e.g. 'CRM sync'")
    role = forms.ChoiceField(label="Role", choices=Role.choices, initial=Role.VIEWER)


class FilingPasswordForm(forms.Form):
    password = forms.CharField(
        label="FEC electronic filing password",
        max_length=64,
        strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text="The password the FEC gave the committee for electronic filing. Kept encrypted; never shown again.",
    )
