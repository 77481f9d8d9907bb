"""Field validators for FEC identifiers and U.S. addresses."""

from zoneinfo import available_timezones

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator

committee_fec_id_validator = RegexValidator(r"^C\d{8}$", "FEC committee id is C followed by 8 digits.")
election_code_validator = RegexValidator(
    r"^[GPRSCEO]\d{4}$", "Election code is a letter (G, P, R, S, C, E, O) and a 4-digit year."
)
zip_code_validator = RegexValidator(r"^\d{5}(-?\d{4})?$", "ZIP code is 5 digits or ZIP+4.")
district_validator = RegexValidator(r"^\d{2}$", "District is two digits, e.g. 11 (00 for at-large).")

US_STATES = frozenset(
    (
        "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH "
        "OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR GU VI AS MP AA AE AP ZZ"
    ).split()
)


def state_validator(value: str) -> None:
    if value not in US_STATES:
        raise ValidationError(f"{value!r} is not a U.S. state or territory code (ZZ for foreign).")


def time_zone_validator(value: str) -> None:
    if value not in available_timezones():
        raise ValidationError(f"{value!r} is not an IANA time zone such as America/New_York.")


def fec_filing_id_cleaned(raw: str) -> str:
    """A filing id as staff type it ("fec-1550126 ", "FEC-1550126", "1550126") in the form the FEC's own
    number is kept: trimmed, upper case, without the "FEC-" prefix. Callers decide what else they refuse."""
    return raw.strip().upper().removeprefix("FEC-")
