"""Prohibited and questionable sources: pure rules over one recorded contribution.

Each rule returns (reason code, plain-words reason). Nothing here writes; compliance.desk.review files the
findings into the review queue. Sources: 11 CFR 103.3(b), 110.4(c), 110.20, part 114 (NOTES.md section 11)."""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache
from types import ModuleType

from donations.models import Contribution, Donor, PaymentMethod

CASH_LIMIT = Decimal("100.00")
ANONYMOUS_LIMIT = Decimal("50.00")
US_COUNTRIES = {"", "US", "USA", "UNITED STATES", "UNITED STATES OF AMERICA"}
REQUIRED_AFFIRMATIONS = ("own_funds", "citizen", "not_contractor", "personal_card")

_CORPORATE = re.compile(
    r"(?:^|[\s,])(inc|incorporated|corp|corporation|llc|l\.l\.c|ltd|limited|co|company|plc|lp|llp|pllc|pc|"
    r"gmbh|s\.?a|n\.?a)\.?$",
    re.IGNORECASE,
)
_UNION = re.compile(
    r"\b(union|local\s+\d+|brotherhood|afl-cio|teamsters|federation of (labor|teachers)|workers of america|"
    r"labor council|guild)\b",
    re.IGNORECASE,
)
_ANONYMOUS = {"", "anonymous", "anon", "unknown", "n/a", "none"}


def _org_name(donor: Donor) -> str:
    return (donor.organization_name or "").strip()


def screen_reasons(contribution: Contribution) -> list[tuple[str, str]]:
    """Every reason this gift needs a treasurer's look, in a stable order (empty: nothing found)."""
    if contribution.is_memo:
        return []
    donor = contribution.donor
    out: list[tuple[str, str]] = []
    name = _org_name(donor) if donor.entity_type != "IND" else f"{donor.first_name} {donor.last_name}".strip()
    committee_with_id = donor.entity_type == "COM" and bool(donor.committee_fec_id)
    if name and not committee_with_id and _CORPORATE.search(name):
        out.append(("corporate_name", f"Contributor name {name!r} looks like a corporation or LLC (prohibited)."))
    elif donor.entity_type == "IND" and name and classified_as_corporation(donor.first_name, donor.last_name):
        out.append(
            (
                "classifier_corporation",
                f"Recorded as an individual, but the person-or-organisation classifier (probablepeople) reads "
                f"{name!r} as a corporation: confirm a person gave their own money (11 CFR 114.2, 110.4(b)).",
            )
        )
    if name and not committee_with_id and _UNION.search(name):
        out.append(("union", f"Contributor name {name!r} looks like a labor organization (prohibited)."))
    country = (donor.country or "").strip().upper()
    if donor.state.upper() == "ZZ" or country not in US_COUNTRIES:
        out.append(("foreign_address", "Foreign address: confirm the contributor is not a foreign national."))
    if contribution.payment_method == PaymentMethod.CASH:
        cash = _cash_total(contribution)
        if cash > CASH_LIMIT:
            out.append(("cash_over_100", f"${cash:,.2f} in cash from this contributor (limit $100)."))
    if _is_anonymous(donor) and contribution.amount > ANONYMOUS_LIMIT:
        out.append(("anonymous_over_50", f"Anonymous gift of ${contribution.amount:,.2f} (limit $50)."))
    missing = _missing_affirmations(contribution)
    if missing is not None and missing:
        out.append(("affirmation", f"Web gift without the affirmation(s): {', '.join(missing)}."))
    return out


@cache
def _probablepeople() -> ModuleType:
    """Loaded on first use: its CRF model is read at import, and most screenings never need it."""
    import probablepeople

    return probablepeople


def _is_corporation(text: str) -> bool:
    pp = _probablepeople()
    try:
        return pp.tag(text)[1] == "Corporation"
    except pp.RepeatedLabelError:  # the parser could not decide: no finding
        return False


def classified_as_corporation(first_name: str, last_name: str) -> bool:
    """An individual's name that probablepeople reads as a corporation ("Acme Widgets", "Smith Family Holdings").
    With both parts, both orders must read so ("First Last" and "Last, First"): the classifier alone takes a few
    ordinary names for firms ("Christopher Church"), never both ways round. Suffixes ("Inc", "LLC") are the
    corporate-suffix rule's (_CORPORATE), not this one's."""
    first, last = (first_name or "").strip(), (last_name or "").strip()
    if not (first or last):
        return False
    if not (first and last):
        return _is_corporation(first or last)
    return _is_corporation(f"{first} {last}") and _is_corporation(f"{last}, {first}")


def _cash_total(contribution: Contribution) -> Decimal:
    from django.db.models import Sum

    total = Contribution.objects.filter(
        committee_id=contribution.committee_id,
        donor_id=contribution.donor_id,
        payment_method=PaymentMethod.CASH,
        is_memo=False,
    ).aggregate(total=Sum("amount"))["total"]
    return total or Decimal("0.00")


def _is_anonymous(donor: Donor) -> bool:
    if donor.entity_type == "IND":
        return donor.last_name.strip().lower() in _ANONYMOUS or donor.first_name.strip().lower() == "anonymous"
    return _org_name(donor).lower() in _ANONYMOUS


def _missing_affirmations(contribution: Contribution) -> list[str] | None:
    """None for gifts that did not come through the donation page; else the affirmations not given."""
    if contribution.source != Contribution.Source.WEB:
        return None
    stored: dict = {}
    if contribution.donation_id is not None:
        stored = contribution.donation.affirmations or {}
    elif contribution.recurring_gift_id is not None:
        stored = contribution.recurring_gift.affirmations or {}
    return [name for name in REQUIRED_AFFIRMATIONS if not stored.get(name) or stored.get(name) is False]
