"""The donation page form: every field validated on the server, errors shown next to the field."""

from decimal import Decimal

from django import forms

from committees.models import Election
from donations.models import DonationPage
from fundraising.validators import US_STATES

AFFIRMATIONS = {
    "own_funds": "This contribution is made from my own funds, not those of another person.",
    "citizen": "I am a U.S. citizen or lawfully admitted permanent resident (green card holder).",
    "not_contractor": "I am not a federal government contractor.",
    "personal_card": "I am making this contribution with my own personal credit or debit card, not a corporate or "
    "business card.",
    "age": "I am at least eighteen years old.",
}
NOT_EMPLOYED = {"retired": "Retired", "not_employed": "Not employed"}


class DonationForm(forms.Form):
    amount = forms.DecimalField(max_digits=12, decimal_places=2, label="Amount (USD)")
    frequency = forms.ChoiceField(
        choices=[("once", "One time"), ("monthly", "Monthly")],
        initial="once",
        widget=forms.RadioSelect,
        label="How often",
    )
    election = forms.ModelChoiceField(
        queryset=Election.objects.none(), required=False, empty_label=None, label="Designate my gift to"
    )
    prefix = forms.CharField(max_length=10, required=False)
    first_name = forms.CharField(max_length=20, label="First name")
    middle_name = forms.CharField(max_length=20, required=False, label="Middle name")
    last_name = forms.CharField(max_length=30, label="Last name")
    suffix = forms.CharField(max_length=10, required=False)
    street_1 = forms.CharField(max_length=34, label="Street address")
    street_2 = forms.CharField(max_length=34, required=False, label="Apt, suite (optional)")
    city = forms.CharField(max_length=30)
    state = forms.ChoiceField(choices=[("", "—")] + [(s, s) for s in sorted(US_STATES - {"ZZ", "AA", "AE", "AP"})])
    zip_code = forms.RegexField(
        r"^\d{5}(-?\d{4})?$", label="ZIP code", error_messages={"invalid": "Enter a 5-digit ZIP code or ZIP+4."}
    )
    email = forms.EmailField()
    phone = forms.CharField(max_length=20, required=False, label="Phone (optional)")
    employment_status = forms.ChoiceField(
        choices=[("employed", "Employed or self-employed"), ("retired", "Retired"), ("not_employed", "Not employed")],
        initial="employed",
        widget=forms.RadioSelect,
        label="Employment",
    )
    employer = forms.CharField(max_length=38, required=False)
    occupation = forms.CharField(max_length=38, required=False)

    def __init__(self, *args, page: DonationPage, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.page = page
        elections = Election.objects.filter(committee=page.committee).order_by("date")
        self.fields["election"].queryset = elections
        if page.default_election_id:
            self.fields["election"].initial = page.default_election_id
        choices = [
            c
            for c in self.fields["frequency"].choices
            if (c[0] == "once" and page.allow_one_time) or (c[0] == "monthly" and page.allow_monthly)
        ]
        self.fields["frequency"].choices = choices
        self.fields["frequency"].initial = choices[0][0] if choices else "once"
        for name, text in AFFIRMATIONS.items():
            self.fields[f"affirm_{name}"] = forms.BooleanField(
                label=text, required=True, error_messages={"required": "You must confirm this to give."}
            )

    def clean_amount(self) -> Decimal:
        amount = self.cleaned_data["amount"]
        if amount < self.page.minimum_amount:
            raise forms.ValidationError(f"The minimum gift is ${self.page.minimum_amount}.")
        if amount > self.page.maximum_amount:
            raise forms.ValidationError(f"The maximum gift on this page is ${self.page.maximum_amount}.")
        return amount

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
    def affirmations(self) -> dict[str, str]:
        return {name: text for name, text in AFFIRMATIONS.items() if self.cleaned_data.get(f"affirm_{name}")}
