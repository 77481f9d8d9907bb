"""The donation page form: every field validated on the server, errors shown next to the field. The field rules
(states, ZIP, lengths, affirmations, amounts, frequencies) are the checkout's (donations.services.checkout), the
same the API applies."""

from decimal import Decimal

from django import forms

from committees.models import Election
from donations.models import DonationPage
from donations.selectors import elections_open
from donations.services.checkout import (
    AFFIRMATIONS,
    DONOR_MAX_LENGTH,
    FREQUENCIES,
    NOT_EMPLOYED,
    PAGE_STATES,
    SAVE_CARD_CONSENT,
    ZIP_CODE_MESSAGE,
    ZIP_CODE_REGEX,
    checkout_amount_check,
    checkout_frequencies,
)
from fundraising.exceptions import ApplicationError
from fundraising.fees import card_fee_rate
from fundraising.money import dollars

MAX = DONOR_MAX_LENGTH
FIELD_ATTRS = {
    "amount": {"inputmode": "decimal"},
    "prefix": {"autocomplete": "honorific-prefix"},
    "first_name": {"autocomplete": "given-name"},
    "middle_name": {"autocomplete": "additional-name"},
    "last_name": {"autocomplete": "family-name"},
    "suffix": {"autocomplete": "honorific-suffix"},
    "street_1": {"autocomplete": "address-line1"},
    "street_2": {"autocomplete": "address-line2"},
    "city": {"autocomplete": "address-level2"},
    "state": {"autocomplete": "address-level1"},
    "zip_code": {"autocomplete": "postal-code", "inputmode": "numeric"},
    "email": {"autocomplete": "email"},
    "phone": {"autocomplete": "tel"},
    "employer": {"autocomplete": "organization"},
    "occupation": {"autocomplete": "organization-title"},
}


class DonationForm(forms.Form):
    amount = forms.DecimalField(max_digits=12, decimal_places=2, label="Amount (USD)")
    frequency = forms.ChoiceField(
        choices=list(FREQUENCIES.items()),
        initial="once",
        widget=forms.RadioSelect,
        label="How often",
    )
    cover_fee = forms.BooleanField(
        required=False, label="Add the processing fee so all of my gift reaches the campaign"
    )
    election = forms.ModelChoiceField(
        queryset=Election.objects.none(), required=False, empty_label=None, label="Designate my gift to"
    )
    prefix = forms.CharField(max_length=MAX["prefix"], required=False)
    first_name = forms.CharField(max_length=MAX["first_name"], label="First name")
    middle_name = forms.CharField(max_length=MAX["middle_name"], required=False, label="Middle name")
    last_name = forms.CharField(max_length=MAX["last_name"], label="Last name")
    suffix = forms.CharField(max_length=MAX["suffix"], required=False)
    street_1 = forms.CharField(max_length=MAX["street_1"], label="Street address")
    street_2 = forms.CharField(max_length=MAX["street_2"], required=False, label="Apt, suite (optional)")
    city = forms.CharField(max_length=MAX["city"])
    state = forms.ChoiceField(choices=[("", "—")] + [(s, s) for s in sorted(PAGE_STATES)])
    zip_code = forms.RegexField(ZIP_CODE_REGEX, label="ZIP code", error_messages={"invalid": ZIP_CODE_MESSAGE})
    email = forms.EmailField()
    phone = forms.CharField(max_length=MAX["phone"], required=False, label="Phone (optional)")
    employment_status = forms.ChoiceField(
        choices=[("employed", "Employed or self-employed"), *NOT_EMPLOYED.items()],
        initial="employed",
        widget=forms.RadioSelect,
        label="Employment",
    )
    employer = forms.CharField(max_length=MAX["employer"], required=False)
    occupation = forms.CharField(max_length=MAX["occupation"], required=False)
    save_card = forms.BooleanField(required=False, label=SAVE_CARD_CONSENT)

    def __init__(self, *args, page: DonationPage, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.page = page
        # What a phone's keyboard and autofill need: tokens from the HTML standard's autofill field names.
        for name, attrs in FIELD_ATTRS.items():
            self.fields[name].widget.attrs.update(attrs)
        self.fields["phone"].widget.input_type = "tel"
        # Only elections still ahead, in words ("2026 general election, Nov 3"); none for a PAC or party committee
        # (its gifts have no election). A past default is never pre-selected.
        elections = (
            elections_open(committee=page.committee)
            if page.committee.is_candidate_committee
            else Election.objects.none()
        )
        self.fields["election"].queryset = elections
        self.fields["election"].label_from_instance = lambda election: election.label
        default = page.default_election if page.default_election_id else None
        if default is not None and elections.filter(pk=default.pk).exists():
            self.fields["election"].initial = default.pk
        elif elections:
            self.fields["election"].initial = elections[0].pk
        choices = [(value, FREQUENCIES[value]) for value in checkout_frequencies(page)]
        self.fields["frequency"].choices = choices
        self.fields["frequency"].initial = choices[0][0] if choices else "once"
        for name, text in AFFIRMATIONS.items():
            self.fields[f"affirm_{name}"] = forms.BooleanField(
                label=text, required=True, error_messages={"required": "You must confirm this to give."}
            )

    def add_error(self, field, error) -> None:
        super().add_error(field, error)
        # A field in error says so to a screen reader and points at its message (donations/field.html).
        for name in self._errors or {}:
            if name in self.fields:
                self.fields[name].widget.attrs.update({"aria-invalid": "true", "aria-describedby": f"id_{name}_error"})

    @property
    def error_summary(self) -> list[tuple[str, str]]:
        """(anchor, message) for each error, in the order of the page: the summary at the top links each field."""
        out = [("", str(message)) for message in self.non_field_errors()]
        for field in self:
            out.extend((f"#{field.id_for_label}", str(message)) for message in field.errors)
        return out

    @property
    def split_first(self) -> Decimal | None:
        """The donor confirmed the offer to split an over-limit gift: what goes to the election they chose (the rest
        goes to the next one; donations.services.limit_split)."""
        if self.data.get("split") != "1":
            return None
        try:
            return dollars(Decimal(self.data.get("split_first", "")))
        except ArithmeticError:
            return None

    def clean_amount(self) -> Decimal:
        # The checkout applies the same rule again; checking here shows it next to the field with the others.
        # A confirmed split is two gifts: each part is checked there, the total may exceed one gift's maximum.
        first = self.split_first
        amount = self.cleaned_data["amount"]
        try:
            if first is not None and Decimal("0") < first < amount:
                checkout_amount_check(amount=first, page=self.page)
                return dollars(amount)
            return checkout_amount_check(amount=amount, page=self.page)
        except ApplicationError as exc:
            raise forms.ValidationError(exc.message) from None

    def clean(self) -> dict:
        data = super().clean()
        status = data.get("employment_status")
        if status in NOT_EMPLOYED:
            # FEC practice: a retiree or someone not employed reports that as occupation and employer.
            data["employer"] = NOT_EMPLOYED[status]
            data["occupation"] = NOT_EMPLOYED[status]
        else:
            for name in ("employer", "occupation"):
                if not (data.get(name) or "").strip():
                    self.add_error(name, f"Federal law requires us to ask for your {name}.")
        return data

    @property
    def fee_rate_text(self) -> str:
        """The card fee in words, from its one definition (fundraising.fees): "2.9% + $0.30"."""
        percent, fixed = card_fee_rate()
        return f"{(percent * 100).normalize():f}% + ${fixed:.2f}"

    @property
    def fee_rate_data(self) -> dict[str, str]:
        percent, fixed = card_fee_rate()
        return {"percent": f"{percent}", "fixed": f"{fixed:.2f}"}

    @property
    def affirmations(self) -> tuple[str, ...]:
        """The affirmations the donor ticked, by name."""
        return tuple(name for name in AFFIRMATIONS if self.cleaned_data.get(f"affirm_{name}"))
