"""Contribution limits at checkout: refuse an over-limit gift before any charge.

The running total per donor and election (or calendar year) lives in one LimitTotal row. A checkout
locks that row, checks received + reserved + amount against the limit, and reserves the amount; the
webhook later moves it from reserved to received, a decline releases it. Cost is one indexed row lock
whatever the donor's history, and two simultaneous gifts cannot both pass."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone

from committees.models import Committee, ContributionLimit, Election
from donations.models import Contribution, ContributorType, Donation, Donor, LimitTotal
from donations.services.duplicate_limits import duplicates_counted
from fundraising.exceptions import ApplicationError
from fundraising.metrics import GIFTS_REFUSED

ZERO = Decimal("0.00")


class OverLimit(ApplicationError):
    status_code = 400
    code = "over_limit"


class LimitsNotConfigured(ApplicationError):
    status_code = 503
    code = "limits_not_configured"


@dataclass(frozen=True)
class LimitRule:
    amount: Decimal
    period_key: str
    description: str


def _cycle(year: int) -> int:
    return year + (year % 2)


def limit_rule_for(*, committee: Committee, donor: Donor, election: Election | None, on: date) -> LimitRule | None:
    """The limit that applies to this donor's gift, or None when there is none (the candidate's own funds).
    Fails closed: a contributor type with no row in the limits table is an error, never "no limit"."""
    if donor.contributor_type == ContributorType.CANDIDATE:
        return None
    if committee.is_candidate_committee:
        if election is None:
            return None
        recipient, cycle = ContributionLimit.RecipientType.CANDIDATE, _cycle(election.date.year)
        key, description = election.code, f"the {election.date.year} {_election_name(election.code)} ({election.code})"
    else:
        recipient = (
            ContributionLimit.RecipientType.PARTY
            if committee.committee_type == Committee.Type.PARTY
            else ContributionLimit.RecipientType.PAC
        )
        cycle, key, description = _cycle(on.year), f"Y{on.year}", f"calendar year {on.year}"
    row = (
        ContributionLimit.objects.filter(
            recipient_type=recipient, contributor_type=donor.contributor_type, cycle__lte=cycle
        )
        .order_by("-cycle")
        .first()
    )
    if row is None:
        raise LimitsNotConfigured(
            f"No contribution limit is configured for {donor.contributor_type} → {recipient} gifts in {cycle}."
        )
    return LimitRule(amount=row.amount, period_key=key, description=description)


def person_limit(*, committee: Committee, election: Election | None = None) -> tuple[Decimal, str] | None:
    """What federal law allows a person to give this committee, from the limits table, in words: (3500, "Federal
    law limits a person to $3,500 per election."). The election defaults to the committee's next; None when no
    limit applies (or a candidate's committee has no election ahead)."""
    from donations.selectors import elections_open

    if committee.is_candidate_committee and election is None:
        election = elections_open(committee=committee).first()
        if election is None:
            return None
    person = Donor(committee=committee, contributor_type=ContributorType.INDIVIDUAL)
    try:
        rule = limit_rule_for(
            committee=committee, donor=person, election=election, on=timezone.localdate(timezone=committee.tzinfo)
        )
    except LimitsNotConfigured:
        return None  # words only: the checkout's own limit check still fails closed
    if rule is None:
        return None
    per = "per election" if rule.period_key[0] != "Y" else "per calendar year to this committee"
    return rule.amount, f"Federal law limits a person to ${rule.amount:,.0f} {per}."


# --- Which money counts toward a limit ---------------------------------------------------------------------------

RT = Contribution.ReceiptType
# Not contributions at all (11 CFR 100.52, 100.82, 100.83): bank interest and dividends, vendor refunds and other
# receipts, offsets to operating expenditures. A loan from a bank (loan_other from an organization) is not one
# either (11 CFR 100.82(a)); a loan from anyone else is a contribution (11 CFR 100.52(b)).
NOT_CONTRIBUTIONS = frozenset({RT.OTHER, RT.OFFSET})
# Contributions, but unlimited: the candidate's own money and loans (11 CFR 110.10), transfers between authorized
# committees of one candidate, from a joint fundraising committee, and between party committees of one party
# (11 CFR 110.3(c)).
UNLIMITED_RECEIPTS = frozenset({RT.CANDIDATE, RT.LOAN_CANDIDATE, RT.TRANSFER})
_ENTITY_CONTRIBUTOR = {
    "IND": ContributorType.INDIVIDUAL,
    "CAN": ContributorType.CANDIDATE,
    "ORG": ContributorType.ORGANIZATION,
    "PTY": ContributorType.PARTY,
    "CCM": ContributorType.AUTHORIZED_COMMITTEE,
}


def contributor_type_for(*, entity_type: str, multicandidate: bool = False) -> str:
    """The contributor type (the limits table's column) of an FEC entity code and the multicandidate flag: a PAC
    (COM or PAC) is a multicandidate PAC when it says so (11 CFR 100.5(e)(3): $5,000 per election to a candidate,
    11 CFR 110.2), else it gives as an individual does (11 CFR 110.1)."""
    code = entity_type.upper()
    if code in ("COM", "PAC"):
        return ContributorType.MULTICANDIDATE_PAC if multicandidate else ContributorType.PAC
    return _ENTITY_CONTRIBUTOR.get(code, ContributorType.INDIVIDUAL)


@dataclass(frozen=True)
class ReceiptCount:
    """What a receipt is for the contribution rules: a contribution or not (48-hour notices hold contributions
    only), and the limit it counts toward (None: no limit applies)."""

    is_contribution: bool
    rule: LimitRule | None
    why: str


def receipt_counts(
    *,
    committee: Committee,
    donor: Donor,
    receipt_type: str,
    election: Election | None,
    on: date,
    is_memo: bool = False,
    resolve_limit: bool = True,
) -> ReceiptCount:
    """THE rule for "does this receipt count toward a limit, and which": the limit check (staff entry, imports,
    the review queue) and the 48-hour notices both ask here. ``resolve_limit=False`` skips the limits-table lookup
    (the notices only need to know whether it is a contribution)."""
    if is_memo:
        return ReceiptCount(False, None, "memo entry (disclosed, never counted)")
    if receipt_type in NOT_CONTRIBUTIONS:
        return ReceiptCount(False, None, "not a contribution (interest, offset, other receipt)")
    if receipt_type == RT.LOAN_OTHER and donor.entity_type == "ORG":  # a committee's loan is a contribution
        return ReceiptCount(False, None, "loan from a lending institution (11 CFR 100.82)")
    if receipt_type in UNLIMITED_RECEIPTS or donor.contributor_type == ContributorType.CANDIDATE:
        return ReceiptCount(True, None, "candidate's own funds or a transfer (11 CFR 110.10, 110.3(c))")
    if committee.committee_type == Committee.Type.PARTY and donor.contributor_type in (
        ContributorType.PARTY,
        ContributorType.AUTHORIZED_COMMITTEE,
    ):
        return ReceiptCount(True, None, "transfer from a party or candidate committee (11 CFR 110.3(c)(1), (2))")
    if not resolve_limit:
        return ReceiptCount(True, None, "contribution")
    rule = limit_rule_for(committee=committee, donor=donor, election=election, on=on)
    return ReceiptCount(True, rule, "contribution" if rule else "contribution, no limit")


def contribution_counts(contribution: Contribution, *, resolve_limit: bool = True) -> ReceiptCount:
    return receipt_counts(
        committee=contribution.committee,
        donor=contribution.donor,
        receipt_type=contribution.receipt_type,
        election=contribution.election,
        on=contribution.date_received,
        is_memo=contribution.is_memo,
        resolve_limit=resolve_limit,
    )


def _election_name(code: str) -> str:
    return {"P": "primary", "G": "general", "R": "runoff", "S": "special", "C": "convention"}.get(code[0], "election")


# One round trip whether or not the row existed: the insert, or on conflict a no-op update that locks the existing
# row (FOR NO KEY UPDATE, as no key column changes) and returns it. (A get_or_create costs five for a new donor;
# INSERT … DO NOTHING then SELECT … FOR UPDATE, two.)
_LOCKED_TOTAL_SQL = f"""
    INSERT INTO {LimitTotal._meta.db_table} AS t (committee_id, donor_id, period_key, received, reserved, updated_at)
    VALUES (%s, %s, %s, 0, 0, %s)
    ON CONFLICT (committee_id, donor_id, period_key) DO UPDATE SET updated_at = t.updated_at
    RETURNING id, committee_id, donor_id, period_key, received, reserved, guaranteed, updated_at
"""  # noqa: S608  (the table name is ours; every value is a parameter)


# Money received, in one round trip: counted into the (possibly new) running total under its row lock, and the
# reservation it held (if any) dropped.
_RECEIPT_SQL = f"""
    INSERT INTO {LimitTotal._meta.db_table} AS t (committee_id, donor_id, period_key, received, reserved, updated_at)
    VALUES (%s, %s, %s, %s, 0, %s)
    ON CONFLICT (committee_id, donor_id, period_key) DO UPDATE
    SET received = t.received + EXCLUDED.received, reserved = t.reserved - %s, updated_at = EXCLUDED.updated_at
    RETURNING id, committee_id, donor_id, period_key, received, reserved, guaranteed, updated_at
"""  # noqa: S608  (the table name is ours; every value is a parameter)


def _locked_total(*, committee: Committee, donor: Donor, period_key: str) -> LimitTotal:
    """The donor's running total for the period, created at zero if new, locked for this transaction."""
    params = [committee.pk, donor.pk, period_key, timezone.now()]
    return next(iter(LimitTotal.objects.raw(_LOCKED_TOTAL_SQL, params)))


def _stale_reservations(*, committee: Committee, donor: Donor, period_key: str):  # noqa: ANN202  a queryset
    """Checkouts left unpaid longer than CHECKOUT_RESERVATION_MINUTES that still hold room: an abandoned checkout
    never lowers what the donor can give. (If one is paid after all, the webhook counts it as received.)"""
    cutoff = timezone.now() - timedelta(minutes=settings.CHECKOUT_RESERVATION_MINUTES)
    return Donation.objects.filter(
        committee=committee,
        donor=donor,
        limit_period_key=period_key,
        reservation_released=False,
        status__in=[Donation.Status.PENDING, Donation.Status.REQUIRES_ACTION],
        created_at__lt=cutoff,
    )


def _release_stale(*, committee: Committee, donor: Donor, period_key: str) -> Decimal:
    """Under the running total's row lock: hand back what abandoned checkouts held, each once only (the claim on
    ``reservation_released`` is the same the beat job and a decline use). Returns the amount released."""
    released = ZERO
    for pk, amount in _stale_reservations(committee=committee, donor=donor, period_key=period_key).values_list(
        "pk", "amount"
    ):
        if Donation.objects.filter(pk=pk, reservation_released=False).update(reservation_released=True):
            limit_release(committee=committee, donor=donor, period_key=period_key, amount=amount)
            released += amount
    return released


def limit_remaining(*, committee: Committee, donor: Donor, election: Election | None, on: date) -> Decimal | None:
    rule = limit_rule_for(committee=committee, donor=donor, election=election, on=on)
    if rule is None:
        return None
    total = LimitTotal.objects.filter(committee=committee, donor=donor, period_key=rule.period_key).first()
    stale = _stale_reservations(committee=committee, donor=donor, period_key=rule.period_key)
    used = (limit_counted(total) + total.reserved - (stale.aggregate(s=Sum("amount"))["s"] or ZERO)) if total else ZERO
    used += duplicates_counted(committee_id=committee.pk, donor=donor, period_key=rule.period_key)  # as limit_reserve
    return max(ZERO, rule.amount - used)


def limit_reserve(*, committee: Committee, donor: Donor, election: Election | None, amount: Decimal, on: date) -> str:
    """Check the gift against the limit and hold it. Returns the period key held ("" when no limit).
    Must run inside the transaction that creates the donation."""
    assert transaction.get_connection().in_atomic_block, "limit_reserve must run inside a transaction"
    rule = limit_rule_for(committee=committee, donor=donor, election=election, on=on)
    if rule is None:
        return ""
    total = _locked_total(committee=committee, donor=donor, period_key=rule.period_key)
    if _release_stale(committee=committee, donor=donor, period_key=rule.period_key):
        total.refresh_from_db(fields=["received", "reserved"])
    also = duplicates_counted(committee_id=committee.pk, donor=donor, period_key=rule.period_key)  # open duplicates
    remaining = rule.amount - limit_counted(total) - total.reserved - also
    if amount > remaining:
        remaining = max(ZERO, remaining)
        GIFTS_REFUSED.labels(reason="over_limit").inc()
        who = "a person" if donor.contributor_type == ContributorType.INDIVIDUAL else "a contributor like you"
        raise OverLimit(
            f"Federal law limits {who} to ${rule.amount:,.0f} per election ({election.label}). "
            f"You can still give ${remaining:,.2f} for that election."
            if rule.period_key[0] != "Y"
            else f"Federal law limits {who} to ${rule.amount:,.0f} per calendar year to this committee. "
            f"You can still give ${remaining:,.2f} this year.",
            field="amount",
            extra={"remaining": f"{remaining:.2f}", "limit": f"{rule.amount:.2f}", "period": rule.period_key},
        )
    LimitTotal.objects.filter(pk=total.pk).update(reserved=F("reserved") + amount)
    return rule.period_key


def limit_counted(total: LimitTotal | None) -> Decimal:
    """THE amount that counts toward a donor's limit from one running total: money received (net of refunds) and
    the unpaid share of bank loans the donor guarantees (11 CFR 100.52(b)(3)). Checkout adds what it reserves."""
    if total is None:
        return ZERO
    return total.received + total.guaranteed


def limit_record_guarantee(*, committee: Committee, donor: Donor, period_key: str, change: Decimal) -> LimitTotal:
    """A loan guarantee's counted liability changed by ``change`` (a new guarantee, a share recomputed, a
    repayment lowering it). Kept apart from ``received`` so a rebuild from the books leaves it alone."""
    total = _locked_total(committee=committee, donor=donor, period_key=period_key)
    total.guaranteed += change
    total.save(update_fields=["guaranteed", "updated_at"])
    return total


def limit_release(*, committee: Committee, donor: Donor, period_key: str, amount: Decimal) -> None:
    """Give back a reservation (declined, canceled or abandoned checkout)."""
    if period_key:
        LimitTotal.objects.filter(committee=committee, donor=donor, period_key=period_key).update(
            reserved=F("reserved") - amount
        )


def limit_record_receipt(
    *, committee: Committee, donor: Donor, period_key: str, amount: Decimal, release_reservation: bool
) -> LimitTotal | None:
    """Money arrived: count it (and drop its reservation if it still holds one)."""
    if not period_key:
        return None
    params = [committee.pk, donor.pk, period_key, amount, timezone.now(), amount if release_reservation else ZERO]
    return next(iter(LimitTotal.objects.raw(_RECEIPT_SQL, params)))


def limit_record_refund(*, committee: Committee, donor: Donor, period_key: str, amount: Decimal) -> None:
    if period_key:
        _locked_total(committee=committee, donor=donor, period_key=period_key)
        LimitTotal.objects.filter(committee=committee, donor=donor, period_key=period_key).update(
            received=F("received") - amount
        )


def limit_totals_recompute(*, committee: Committee, donor: Donor) -> None:
    """Rebuild a donor's running totals from the books (after a merge or a correction)."""
    from donations.models import Refund

    received: dict[str, Decimal] = {}
    from django.db.models import Q

    for row in (
        Contribution.objects.filter(committee=committee, donor=donor)
        .filter(Q(is_memo=False) | Q(memo_role__in=["to", "from"]))  # redesignation/reattribution moves
        .exclude(limit_period_key="")
        .values("limit_period_key")
        .annotate(total=Sum("amount"))
    ):
        received[row["limit_period_key"]] = row["total"]
    for row in (
        Refund.objects.filter(committee=committee, donor=donor)
        .exclude(contribution__limit_period_key="")
        .values("contribution__limit_period_key")
        .annotate(total=Sum("amount"))
    ):
        key = row["contribution__limit_period_key"]
        received[key] = received.get(key, ZERO) - row["total"]
    reserved: dict[str, Decimal] = {}
    for row in (
        Donation.objects.filter(committee=committee, donor=donor, reservation_released=False)
        .exclude(limit_period_key="")
        .values("limit_period_key")
        .annotate(total=Sum("amount"))
    ):
        reserved[row["limit_period_key"]] = row["total"]
    for key in (
        set(received)
        | set(reserved)
        | set(LimitTotal.objects.filter(committee=committee, donor=donor).values_list("period_key", flat=True))
    ):
        LimitTotal.objects.update_or_create(
            committee=committee,
            donor=donor,
            period_key=key,
            defaults={"received": received.get(key, ZERO), "reserved": reserved.get(key, ZERO)},
        )
