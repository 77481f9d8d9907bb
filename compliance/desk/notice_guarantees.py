"""Loan guarantees and endorsements on 48-hour notices.

11 CFR 100.52(b)(3): a loan is a contribution by each endorser or guarantor, each deemed to have contributed the
portion of the loan they agreed in writing to be liable for. The FEC's Form 6 instructions and its "How to report
48-Hour Notices" page list "guarantees and endorsements of bank loans" (and the candidate's) among the
contributions of $1,000 or more a notice holds. Guarantors are recorded on Schedule C-2
(compliance.services.loan_schedules.loan_guarantor_add); each guaranteed portion of $1,000 or more on a loan the
committee received in an election's window is a line of that window's notice for the loan's date, written as an
F65 naming the guarantor."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import QuerySet

from committees.models import Committee
from compliance.fec.records import F65
from compliance.models import FortyEightHourNotice, FortyEightHourNoticeGuarantee, LoanGuarantor
from compliance.reports.lines import LOAN_RECEIPT_TYPES


def guarantors_in_window(
    *, committee: Committee, start: dt.datetime, end: dt.datetime, as_of: dt.datetime, threshold: Decimal
) -> list[LoanGuarantor]:
    """Guarantors of ``threshold`` or more on loans the committee received in [start, end), by ``as_of``."""
    return list(
        LoanGuarantor.objects.filter(
            contribution__committee=committee,
            contribution__is_memo=False,
            contribution__receipt_type__in=LOAN_RECEIPT_TYPES,
            contribution__received_at__gte=start,
            contribution__received_at__lt=end,
            contribution__received_at__lte=as_of,
            amount__gte=threshold,
        )
        .select_related("contribution")
        .order_by("contribution__received_at", "pk")
    )


def notice_guarantees(notice: FortyEightHourNotice) -> QuerySet[FortyEightHourNoticeGuarantee]:
    """The guarantees a notice reports: its own, or for an amendment (Form 6A) the original's."""
    return FortyEightHourNoticeGuarantee.objects.filter(notice_id=notice.amends_id or notice.pk)


def guarantees_total(notice: FortyEightHourNotice) -> Decimal:
    return sum((line.amount for line in notice_guarantees(notice)), Decimal("0.00"))


def guarantee_records(notice: FortyEightHourNotice) -> list[F65]:
    """One F65 per guarantee: the guarantor, the loan's date, the amount guaranteed when the notice took it."""
    committee = notice.committee
    out = []
    lines = notice_guarantees(notice).select_related("guarantor__contribution").order_by("guarantor_id")
    for line in lines:
        g = line.guarantor
        person = g.entity_type == "IND"
        out.append(
            F65(
                filer_committee_id_number=committee.fec_id,
                transaction_id_number=g.transaction_id,
                entity_type=g.entity_type,
                contributor_organization_name="" if person else g.organization_name,
                contributor_last_name=g.last_name if person else "",
                contributor_first_name=g.first_name if person else "",
                contributor_street_1=g.street_1,
                contributor_street_2=g.street_2,
                contributor_city=g.city,
                contributor_state=g.state,
                contributor_zip=g.zip_code,
                contribution_date=g.contribution.date_received,
                contribution_amount=line.amount,  # as reported: the guarantor's share may change later
                contributor_employer=g.employer if person else "",
                contributor_occupation=g.occupation if person else "",
            )
        )
    return out
