"""Input and output shapes of the donations API."""

from decimal import Decimal

from rest_framework import serializers

from donations.models import Donation
from donations.web.forms import AFFIRMATIONS
from fundraising.validators import US_STATES

ZIP_REGEX = r"^\d{5}(-?\d{4})?$"


class DonorInputSerializer(serializers.Serializer):
    first_name = serializers.CharField(max_length=20)
    last_name = serializers.CharField(max_length=30)
    middle_name = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    prefix = serializers.CharField(max_length=10, required=False, allow_blank=True, default="")
    suffix = serializers.CharField(max_length=10, required=False, allow_blank=True, default="")
    street_1 = serializers.CharField(max_length=34)
    street_2 = serializers.CharField(max_length=34, required=False, allow_blank=True, default="")
    city = serializers.CharField(max_length=30)
    state = serializers.ChoiceField(choices=sorted(US_STATES - {"ZZ"}))
    zip_code = serializers.RegexField(ZIP_REGEX, error_messages={"invalid": "Enter a 5-digit ZIP or ZIP+4."})
    email = serializers.EmailField()
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    employer = serializers.CharField(max_length=38)
    occupation = serializers.CharField(max_length=38)


class DonationCreateInputSerializer(serializers.Serializer):
    public_id = serializers.UUIDField(
        required=False, help_text="Client-chosen id; retrying with it never charges twice"
    )
    page = serializers.SlugField(required=False, help_text="Donation page slug (or give committee)")
    committee = serializers.RegexField(r"^C\d{8}$", required=False, help_text="Committee FEC id")
    amount = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=Decimal("1.00"))
    election = serializers.RegexField(r"^[GPRSCEO]\d{4}$", required=False, help_text="e.g. P2026; default: the page's")
    frequency = serializers.ChoiceField(choices=["once", "monthly"], default="once")
    payment_method = serializers.RegexField(r"^pm_[A-Za-z0-9_]+$", required=False, allow_blank=True, default="")
    donor = DonorInputSerializer()
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
    attribution = serializers.DictField(child=serializers.CharField(max_length=200), required=False, default=dict)

    def validate(self, attrs: dict) -> dict:
        if not attrs.get("page") and not attrs.get("committee"):
            raise serializers.ValidationError({"page": ["Give the donation page slug or the committee FEC id."]})
        return attrs


class DonationOutputSerializer(serializers.ModelSerializer):
    donation_id = serializers.UUIDField(source="public_id")
    client_secret = serializers.SerializerMethodField()
    election = serializers.CharField(source="election.code")

    class Meta:
        model = Donation
        fields = [
            "donation_id",
            "status",
            "amount",
            "election",
            "stripe_payment_intent_id",
            "client_secret",
            "recurring_gift",
        ]

    recurring_gift = serializers.UUIDField(source="recurring_gift.public_id", default=None, read_only=True)

    def get_client_secret(self, obj: Donation) -> str:
        return getattr(obj, "client_secret", "")
