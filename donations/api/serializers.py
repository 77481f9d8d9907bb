"""Input and output shapes of the donations API. The field rules are the checkout's
(donations.services.checkout), the same the donation page applies."""

from decimal import Decimal

from rest_framework import serializers

from donations.models import Donation
from donations.services.checkout import (
    AFFIRMATIONS,
    ATTRIBUTION_MAX_VALUE_LENGTH,
    CHECKOUT_STATES,
    DONOR_MAX_LENGTH,
    FREQUENCIES,
    ZIP_CODE_REGEX,
)

MAX = DONOR_MAX_LENGTH


class DonorInputSerializer(serializers.Serializer):
    first_name = serializers.CharField(max_length=MAX["first_name"], help_text="The donor's first name")
    last_name = serializers.CharField(max_length=MAX["last_name"], help_text="The donor's last name")
    middle_name = serializers.CharField(
        max_length=MAX["middle_name"], required=False, allow_blank=True, default="", help_text="Middle name or initial"
    )
    prefix = serializers.CharField(
        max_length=MAX["prefix"], required=False, allow_blank=True, default="", help_text="e.g. Dr., Ms."
    )
    suffix = serializers.CharField(
        max_length=MAX["suffix"], required=False, allow_blank=True, default="", help_text="e.g. Jr., III"
    )
    street_1 = serializers.CharField(
        max_length=MAX["street_1"], help_text="Street address (the FEC limits it to 34 characters)"
    )
    street_2 = serializers.CharField(
        max_length=MAX["street_2"], required=False, allow_blank=True, default="", help_text="Apartment, suite …"
    )
    city = serializers.CharField(max_length=MAX["city"], help_text="City")
    state = serializers.ChoiceField(choices=sorted(CHECKOUT_STATES), help_text="Two-letter state or territory code")
    zip_code = serializers.RegexField(
        ZIP_CODE_REGEX, error_messages={"invalid": "Enter a 5-digit ZIP or ZIP+4."}, help_text="5-digit ZIP or ZIP+4"
    )
    email = serializers.EmailField(help_text="Where the receipt goes")
    phone = serializers.CharField(
        max_length=MAX["phone"], required=False, allow_blank=True, default="", help_text="Phone number (optional)"
    )
    employer = serializers.CharField(
        max_length=MAX["employer"],
        help_text="Employer (the FEC asks for it once gifts pass $200); 'Retired' or 'Not employed' when none",
    )
    occupation = serializers.CharField(
        max_length=MAX["occupation"], help_text="Occupation; 'Retired' or 'Not employed' when none"
    )


class DonationCreateInputSerializer(serializers.Serializer):
    public_id = serializers.UUIDField(
        required=False, help_text="Client-chosen id; retrying with it never charges twice"
    )
    page = serializers.SlugField(required=False, help_text="Donation page slug (or give committee)")
    committee = serializers.RegexField(r"^C\d{8}$", required=False, help_text="Committee FEC id")
    amount = serializers.DecimalField(
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("0.01"),
        help_text="Dollars; the checkout refuses less than its minimum ($1.00 by default) or the page's bounds",
    )
    election = serializers.RegexField(r"^[GPRSCEO]\d{4}$", required=False, help_text="e.g. P2026; default: the page's")
    frequency = serializers.ChoiceField(
        choices=list(FREQUENCIES),
        default="once",
        help_text="once, or monthly (a Stripe subscription; each paid month is a contribution)",
    )
    payment_method = serializers.RegexField(
        r"^pm_[A-Za-z0-9_]+$",
        required=False,
        allow_blank=True,
        default="",
        help_text="A Stripe PaymentMethod id to confirm with at once (tests, saved cards); blank: Stripe.js",
    )
    donor = DonorInputSerializer(help_text="Who gives: name, address, email, employer and occupation")
    affirmations = serializers.ListField(
        child=serializers.ChoiceField(choices=sorted(AFFIRMATIONS)),
        required=False,
        default=list,
        help_text="The contribution rules the donor affirmed (as on the donation page); gifts missing any are "
        "flagged for compliance review",
    )
    captcha = serializers.CharField(
        required=False, allow_blank=True, max_length=2048, help_text="Turnstile token, when the deployment requires one"
    )
    attribution = serializers.DictField(
        child=serializers.CharField(max_length=ATTRIBUTION_MAX_VALUE_LENGTH),
        required=False,
        default=dict,
        help_text="refcode and UTM parameters, kept with the gift (at most 20 keys of 40 characters, values of 200, "
        "2 KB in all)",
    )

    cover_fee = serializers.BooleanField(
        required=False,
        default=False,
        help_text="The donor adds the card processing fee so all of the gift reaches the campaign. The server "
        "computes it from the one fee rate (fundraising/fees.py: 2.9% + $0.30 by default, STRIPE_CARD_FEE_PERCENT "
        "and STRIPE_CARD_FEE_FIXED) and adds it to amount; it is part of the contribution and counts against the "
        "limit and the page's maximum",
    )
    save_card = serializers.BooleanField(
        required=False,
        default=False,
        help_text="The donor's consent to express giving: the card confirmed by Stripe.js is saved to a Stripe "
        "customer for one-tap gifts later (the consent's words are stored with it). One-time gifts confirmed by "
        "Stripe.js only: not with payment_method, not monthly",
    )

    def validate(self, attrs: dict) -> dict:
        if not attrs.get("page") and not attrs.get("committee"):
            raise serializers.ValidationError({"page": ["Give the donation page slug or the committee FEC id."]})
        if attrs.get("save_card") and attrs.get("frequency") == "monthly":
            raise serializers.ValidationError({"save_card": ["A monthly gift keeps its card already: leave it out."]})
        if attrs.get("save_card") and attrs.get("payment_method"):
            raise serializers.ValidationError(
                {"save_card": ["A card is saved only when Stripe.js confirms it: leave payment_method blank."]}
            )
        return attrs


class DonationOutputSerializer(serializers.ModelSerializer):
    donation_id = serializers.UUIDField(
        source="public_id", help_text="The gift's public id (poll /api/v1/donations/{id}/)"
    )
    client_secret = serializers.SerializerMethodField(
        help_text="The PaymentIntent's client secret for Stripe.js (only in the create response)"
    )
    election = serializers.CharField(
        source="election.code",
        allow_null=True,
        help_text="Election the gift is designated to, e.g. P2026 (null for a PAC or party committee)",
    )

    class Meta:
        model = Donation
        fields = [
            "donation_id",
            "status",
            "amount",
            "fee_cover",
            "election",
            "stripe_payment_intent_id",
            "client_secret",
            "recurring_gift",
        ]
        extra_kwargs = {
            "status": {"help_text": "pending, requires_action, processing, succeeded, failed or canceled"},
            "amount": {"help_text": "Dollars, including fee_cover"},
            "fee_cover": {"help_text": "Dollars the donor added to cover the processing fee (part of amount)"},
            "stripe_payment_intent_id": {"help_text": "Stripe's PaymentIntent id"},
        }

    recurring_gift = serializers.UUIDField(
        source="recurring_gift.public_id",
        default=None,
        read_only=True,
        help_text="The monthly gift this checkout started, if any",
    )

    def get_client_secret(self, obj: Donation) -> str:
        return getattr(obj, "client_secret", "")
