"""48-hour notices (Form 6, 11 CFR 104.5(f)): contributions of $1,000 or more received after the 20th day but
more than 48 hours before 12:01 a.m. on election day, in the committee's time zone, for each election in which the
candidate is running.

The window, counted as the FEC does (its 2020 general-election example: Oct 15 – Oct 31 for Nov 3): from
00:00 on the 19th calendar day before the election (day 20 counting election day as day 1) up to, not
including, 48 hours before 12:01 a.m. on election day. Gifts received on one FEC date for one election share a
notice, due 48 hours after the first of them; each notice is written as its own .fec (HDR, F6N, F65 ...).
A filed notice is corrected by an amendment (F6A, :func:`notice_amend`). Loan guarantees and endorsements of $1,000
or more are contributions too (11 CFR 100.52(b)(3)): compliance.desk.notice_guarantees."""

from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from audit.services import audit_record
from committees.models import Committee, Election
from compliance.desk.notice_guarantees import (
    guarantee_records,
    guarantees_total,
    guarantors_in_window,
    notice_guarantees,
)
from compliance.fec.records import F65, F6Cover, Header, Record
from compliance.fec.validation import RecordValidator
from compliance.fec.writer import write_fec_bytes
from compliance.models import FortyEightHourNotice, FortyEightHourNoticeGuarantee, FortyEightHourNoticeLine
from donations.models import Contribution
from donations.services.limits import contribution_counts
from fundraising.exceptions import ApplicationError, Conflict
from fundraising.validators import fec_filing_id_cleaned

logger = logging.getLogger(__name__)
THRESHOLD = Decimal("1000.00")
FIRST_DAY_BEFORE = 19
NOTICE_HOURS = 48


def notice_window(election: Election, committee: Committee) -> tuple[dt.datetime, dt.datetime]:
    """[start, end): aware datetimes in the committee's time zone."""
    tz = committee.tzinfo
    start = dt.datetime.combine(election.date - dt.timedelta(days=FIRST_DAY_BEFORE), dt.time(0, 0), tzinfo=tz)
    polls = dt.datetime.combine(election.date, dt.time(0, 1), tzinfo=tz)
    return start, polls - dt.timedelta(hours=NOTICE_HOURS)


def notice_elections(committee: Committee) -> list[Election]:
    """The elections the committee owes notices for: those in which the candidate is running (11 CFR 104.5(f)).
    Not a general after the candidate lost that year's primary (no longer running); not a presidential primary
    for a monthly filer (the FEC's 48-hour notice page: monthly-filing presidential committees file none during
    the primary season)."""
    elections = list(committee.elections.all())
    lost_years = {e.date.year for e in elections if e.code.startswith("P") and e.candidate_advanced is False}
    monthly_president = committee.committee_type == Committee.Type.PRESIDENTIAL and (
        committee.filing_frequency == "monthly"
    )
    return [
        e
        for e in elections
        if not (e.code.startswith("G") and e.date.year in lost_years)
        and not (monthly_president and e.code.startswith("P"))
    ]


def notice_contributions(*, committee: Committee, election: Election, as_of: dt.datetime) -> list[Contribution]:
    """Contributions of $1,000 or more received in the election's window: every kind of contribution (the
    candidate's own, in-kind, earmarked, loans from anyone but a bank, a joint fundraiser's transfer), and nothing
    that is not one (a vendor's refund, interest, a bank loan) — the same rule the limit check uses
    (donations.services.limits.receipt_counts)."""
    start, end = notice_window(election, committee)
    gifts = (
        Contribution.objects.filter(
            committee=committee,
            is_memo=False,
            amount__gte=THRESHOLD,
            received_at__gte=start,
            received_at__lt=end,
            received_at__lte=as_of,
        )
        .select_related("donor", "committee", "election")
        .order_by("received_at", "pk")
    )
    return [gift for gift in gifts if contribution_counts(gift, resolve_limit=False).is_contribution]


@transaction.atomic
def notices_sync(*, committee: Committee, as_of: dt.datetime) -> list[FortyEightHourNotice]:
    """Put every qualifying gift received by ``as_of`` on a notice (once). Returns the notices touched."""
    if not committee.is_candidate_committee:
        return []
    touched: dict[int, FortyEightHourNotice] = {}
    listed = FortyEightHourNoticeLine.objects.filter(notice__committee=committee)
    listed_ids = set(listed.values_list("contribution_id", flat=True))
    guaranteed = FortyEightHourNoticeGuarantee.objects.filter(notice__committee=committee)
    guaranteed_ids = set(guaranteed.values_list("guarantor_id", flat=True))
    for election in notice_elections(committee):
        for gift in notice_contributions(committee=committee, election=election, as_of=as_of):
            if gift.pk in listed_ids:
                continue
            listed_ids.add(gift.pk)
            notice = _open_notice(committee=committee, election=election, gift=gift)
            FortyEightHourNoticeLine.objects.create(notice=notice, contribution=gift)
            touched[notice.pk] = notice
        start, end = notice_window(election, committee)
        window = {"start": start, "end": end, "as_of": as_of, "threshold": THRESHOLD}
        for guarantor in guarantors_in_window(committee=committee, **window):
            if guarantor.pk in guaranteed_ids:
                continue
            guaranteed_ids.add(guarantor.pk)
            notice = _open_notice(committee=committee, election=election, gift=guarantor.contribution)
            FortyEightHourNoticeGuarantee.objects.create(notice=notice, guarantor=guarantor, amount=guarantor.amount)
            touched[notice.pk] = notice
    return list(touched.values())


def _open_notice(*, committee: Committee, election: Election, gift: Contribution) -> FortyEightHourNotice:
    """The unfiled notice for the election and the gift's FEC date, opened (due 48 hours after it) if none."""
    notice = (
        FortyEightHourNotice.objects.select_for_update()
        .filter(committee=committee, election=election, date_received=gift.date_received, filed_at=None, amends=None)
        .first()
    )
    if notice is None:
        notice = FortyEightHourNotice.objects.create(
            committee=committee,
            election=election,
            date_received=gift.date_received,
            deadline=gift.received_at + dt.timedelta(hours=NOTICE_HOURS),
        )
        audit_record(
            actor=None,
            action="notice48.opened",
            obj=notice,
            after={"election": election.code, "date": gift.date_received, "deadline": notice.deadline},
        )
    return notice


def notices_unfiled(*, committee: Committee, as_of: dt.datetime) -> list[FortyEightHourNotice]:
    """Notices due as of ``as_of`` (synced first) and not yet marked filed."""
    notices_sync(committee=committee, as_of=as_of)
    return list(
        FortyEightHourNotice.objects.filter(committee=committee, filed_at=None)
        .filter(Q(lines__isnull=False) | Q(guarantees__isnull=False))
        .distinct()
        .select_related("election")
        .order_by("deadline", "pk")
    )


def notice_lines(notice: FortyEightHourNotice) -> QuerySet[FortyEightHourNoticeLine]:
    """The gifts a notice reports: its own, or for an amendment (Form 6A) the original's, as they stand now."""
    return FortyEightHourNoticeLine.objects.filter(notice_id=notice.amends_id or notice.pk)


def _header(notice: FortyEightHourNotice) -> Header:
    if notice.amends_id is None:
        return Header(soft_name=settings.FEC_SOFTWARE_NAME, soft_ver=settings.FEC_SOFTWARE_VERSION)
    return Header.amendment(
        soft_name=settings.FEC_SOFTWARE_NAME,
        soft_ver=settings.FEC_SOFTWARE_VERSION,
        original_filing_id=notice.amends.fec_filing_id,
        number=notice.amendment_number or 1,
    )


def notice_records(notice: FortyEightHourNotice, *, date_signed: dt.date) -> list[Record]:
    """HDR, F6N (or F6A for an amendment: HDR names the original's FEC filing id and the amendment's number, the
    cover the date the original was filed, as the F6 spec's original_amendment_date asks), one F65 per gift."""
    committee = notice.committee
    if not (committee.candidate_last_name and committee.candidate_first_name):
        raise ApplicationError("Form 6 needs the candidate's name: set it on the committee (committee_create).")
    original = notice.amends
    records: list[Record] = [
        _header(notice),
        F6Cover(
            form_type="F6N" if original is None else "F6A",
            original_amendment_date=None
            if original is None
            else timezone.localtime(original.filed_at, committee.tzinfo).date(),
            filer_committee_id_number=committee.fec_id,
            committee_name=committee.name,
            street_1=committee.street_1,
            street_2=committee.street_2,
            city=committee.city,
            state=committee.state,
            zip=committee.zip_code,
            candidate_id_number=committee.candidate_id,
            candidate_last_name=committee.candidate_last_name,
            candidate_first_name=committee.candidate_first_name,
            candidate_office=committee.candidate_office,
            candidate_state=committee.election_state if committee.candidate_office in ("H", "S") else "",
            candidate_district=committee.election_district if committee.candidate_office == "H" else "",
            signer_last_name=committee.treasurer_last_name,
            signer_first_name=committee.treasurer_first_name,
            date_signed=date_signed,
        ),
    ]
    lines = notice_lines(notice).select_related("contribution__donor").order_by("contribution__received_at", "pk")
    for line in lines:
        gift, donor = line.contribution, line.contribution.donor
        person = donor.entity_type in ("IND", "CAN")
        records.append(
            F65(
                filer_committee_id_number=committee.fec_id,
                transaction_id_number=gift.transaction_id,
                entity_type=donor.entity_type,
                contributor_organization_name="" if person else donor.organization_name,
                contributor_last_name=donor.last_name if person else "",
                contributor_first_name=donor.first_name if person else "",
                contributor_middle_name=donor.middle_name if person else "",
                contributor_prefix=donor.prefix if person else "",
                contributor_suffix=donor.suffix if person else "",
                contributor_street_1=donor.street_1,
                contributor_street_2=donor.street_2,
                contributor_city=donor.city,
                contributor_state=donor.state,
                contributor_zip=donor.zip_code,
                contributor_committee_fec_id=donor.committee_fec_id if donor.entity_type == "COM" else "",
                contribution_date=gift.date_received,
                contribution_amount=gift.amount,
                contributor_employer=donor.employer if person else "",
                contributor_occupation=donor.occupation if person else "",
            )
        )
    return records + guarantee_records(notice)


def notice_fec_bytes(notice: FortyEightHourNotice, *, date_signed: dt.date) -> bytes:
    """The notice's .fec file, checked against the FEC's F6/F65 schemas (raises ApplicationError if invalid)."""
    records = notice_records(notice, date_signed=date_signed)
    validator = RecordValidator("F6")
    problems = [problem for record in records for problem in validator.errors(record)]
    if problems:
        raise ApplicationError("The 48-hour notice does not validate: " + "; ".join(problems[:20]))
    return write_fec_bytes(records)


def notice_total(notice: FortyEightHourNotice) -> Decimal:
    lines = notice_lines(notice).select_related("contribution")
    return sum((line.contribution.amount for line in lines), Decimal("0.00")) + guarantees_total(notice)


def notice_count(notice: FortyEightHourNotice) -> int:
    """How many contributions the notice reports: gifts and loan guarantees."""
    return notice_lines(notice).count() + notice_guarantees(notice).count()


@transaction.atomic
def notice_amend(*, notice: FortyEightHourNotice, actor: AbstractBaseUser | None) -> FortyEightHourNotice:
    """Open an amendment (Form 6A) of a filed notice: it reports the original's gifts as they stand now (a corrected
    address, employer or amount) and is filed with the original's FEC filing id. Amending an amendment amends the
    original; one unfiled amendment at a time."""
    original = FortyEightHourNotice.objects.select_for_update().get(pk=notice.amends_id or notice.pk)
    if original.filed_at is None or not original.fec_filing_id:
        raise Conflict("Only a notice filed with the FEC (with its FEC filing id) can be amended.")
    pending = original.amendments.filter(filed_at=None).first()
    if pending is not None:
        raise Conflict(f"Amendment #{pending.pk} of this notice is not filed yet; file or finish it first.")
    amendment = FortyEightHourNotice.objects.create(
        committee=original.committee,
        election=original.election,
        date_received=original.date_received,
        deadline=original.deadline,
        amends=original,
        amendment_number=original.amendments.count() + 1,
    )
    audit_record(
        actor=actor,
        action="notice48.amendment_opened",
        obj=amendment,
        after={"amends": original.pk, "fec_filing_id": original.fec_filing_id, "number": amendment.amendment_number},
    )
    return amendment


@transaction.atomic
def notice_mark_filed(
    *, notice: FortyEightHourNotice, actor: AbstractBaseUser | None, fec_filing_id: str = ""
) -> FortyEightHourNotice:
    notice = FortyEightHourNotice.objects.select_for_update().get(pk=notice.pk)
    if notice.filed_at is not None:
        raise Conflict("This notice is already marked filed.")
    notice.filed_at = timezone.now()
    notice.fec_filing_id = fec_filing_id_cleaned(fec_filing_id)[:16]
    notice.filed_by = actor if actor is not None and actor.pk else None
    notice.save(update_fields=["filed_at", "fec_filing_id", "filed_by", "updated_at"])
    audit_record(
        actor=actor,
        action="notice48.filed",
        obj=notice,
        before={"filed_at": None},
        after={
            "filed_at": notice.filed_at,
            "fec_filing_id": notice.fec_filing_id,
            "late": notice.amends_id is None and notice.filed_at > notice.deadline,
            "amends": notice.amends_id,
        },
    )
    return notice


def notices_check_all(*, now: dt.datetime) -> int:
    """Beat (hourly): sync notices for every candidate committee with an election whose window is open (or
    closed less than 48 hours ago). Returns how many notices were opened or extended."""
    touched = 0
    for committee in Committee.objects.filter(committee_type__in=["house", "senate", "presidential"]):
        for election in notice_elections(committee):
            start, end = notice_window(election, committee)
            if start <= now <= end + dt.timedelta(hours=NOTICE_HOURS):
                touched += len(notices_sync(committee=committee, as_of=now))
                break
    return touched
