"""Form 99, miscellaneous text to the FEC: created by a treasurer, written and validated at once (format 8.5),
kept with its .fec, marked filed with the FEC's filing id.

A change of filing frequency (text code MSM) is the Form 99 the FEC asks for before a PAC, party or presidential
committee switches between monthly and quarterly filing, at most once per calendar year (11 CFR 104.5(b), (c));
House and Senate committees file quarterly and have no such choice (11 CFR 104.5(a))."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from audit.services import audit_record
from committees.models import Committee
from compliance.fec.format import FecValueError, f99_text_lines
from compliance.fec.records import F99Cover, F99Text, Header, Record
from compliance.fec.validation import RecordValidator
from compliance.fec.writer import write_fec_bytes
from compliance.models import Form99
from fundraising.exceptions import ApplicationError, Conflict
from fundraising.validators import fec_filing_id_cleaned

logger = logging.getLogger(__name__)
FREQUENCY_CHOOSERS = (Committee.Type.PAC, Committee.Type.PARTY, Committee.Type.PRESIDENTIAL)
_FREQUENCY_OF = {"quarterly": Form99.Frequency.QUARTERLY, "monthly": Form99.Frequency.MONTHLY}


def form99_records(
    *, committee: Committee, text_code: str, filing_frequency: str, text: str, date_signed: dt.date
) -> list[Record]:
    """HDR, the F99 row and its body, from the committee's name, address and treasurer."""
    return [
        Header(soft_name=settings.FEC_SOFTWARE_NAME, soft_ver=settings.FEC_SOFTWARE_VERSION),
        F99Cover(
            filer_committee_id_number=committee.fec_id,
            committee_name=committee.name,
            street_1=committee.street_1,
            street_2=committee.street_2,
            city=committee.city,
            state=committee.state,
            zip=committee.zip_code,
            treasurer_last_name=committee.treasurer_last_name,
            treasurer_first_name=committee.treasurer_first_name,
            treasurer_middle_name=committee.treasurer_middle_name,
            treasurer_prefix=committee.treasurer_prefix,
            treasurer_suffix=committee.treasurer_suffix,
            date_signed=date_signed,
            text_code=text_code,
            filing_frequency=filing_frequency,
        ),
        F99Text(text=text),
    ]


def _check_frequency_change(*, committee: Committee, filing_frequency: str, date_signed: dt.date) -> None:
    if committee.committee_type not in FREQUENCY_CHOOSERS:
        raise ApplicationError(
            "House and Senate committees file quarterly (11 CFR 104.5(a)); only PACs, parties and presidential "
            "committees may change their filing frequency.",
            field="text_code",
        )
    if not filing_frequency:
        raise ApplicationError("A change of filing frequency says the new one: Q or M.", field="filing_frequency")
    if _FREQUENCY_OF.get(committee.filing_frequency) == filing_frequency:
        raise ApplicationError(f"The committee already files {committee.filing_frequency}.", field="filing_frequency")
    earlier = Form99.objects.filter(
        committee=committee, text_code=Form99.TextCode.FREQUENCY, date_signed__year=date_signed.year
    ).first()
    if earlier is not None:
        raise Conflict(
            f"Form 99 {earlier.pk} already changes the filing frequency for {date_signed.year}; a committee may "
            "change it once per calendar year (11 CFR 104.5(c))."
        )


@transaction.atomic
def form99_create(
    *,
    committee: Committee,
    actor: AbstractBaseUser | None,
    text_code: str,
    text: str,
    filing_frequency: str = "",
    date_signed: dt.date | None = None,
) -> Form99:
    """Write and validate a Form 99 and keep it; raises ApplicationError naming the field at fault."""
    committee = Committee.objects.select_for_update().get(pk=committee.pk)
    text_code = (text_code or "").strip().upper()
    filing_frequency = (filing_frequency or "").strip().upper()
    if text_code not in Form99.TextCode.values:
        raise ApplicationError(f"text_code is one of {', '.join(Form99.TextCode.values)}.", field="text_code")
    if filing_frequency and filing_frequency not in Form99.Frequency.values:
        raise ApplicationError("filing_frequency is Q (quarterly) or M (monthly).", field="filing_frequency")
    date_signed = date_signed or timezone.localdate(timezone=committee.tzinfo)
    if text_code == Form99.TextCode.FREQUENCY:
        _check_frequency_change(committee=committee, filing_frequency=filing_frequency, date_signed=date_signed)
    elif filing_frequency:
        raise ApplicationError("Only a change of filing frequency (MSM) names a frequency.", field="filing_frequency")
    try:
        f99_text_lines(text)
    except (FecValueError, TypeError) as exc:
        raise ApplicationError(str(exc).removeprefix("message_text: "), field="text") from None
    records = form99_records(
        committee=committee, text_code=text_code, filing_frequency=filing_frequency, text=text, date_signed=date_signed
    )
    validator = RecordValidator("F99")
    problems = [problem for record in records for problem in validator.errors(record)]
    if problems:
        raise ApplicationError("The Form 99 does not validate: " + "; ".join(problems[:20]))
    form = Form99.objects.create(
        committee=committee,
        text_code=text_code,
        filing_frequency=filing_frequency,
        text=text,
        date_signed=date_signed,
        fec_content=write_fec_bytes(records).decode("ascii"),
        created_by=actor if actor is not None and actor.pk else None,
    )
    audit_record(
        actor=actor,
        action="form99.created",
        obj=form,
        after={"text_code": text_code, "filing_frequency": filing_frequency, "date_signed": date_signed},
    )
    logger.info("form99 created id=%s committee=%s", form.pk, committee.fec_id)
    return form


def form99_fec_bytes(form: Form99) -> bytes:
    """The .fec written when the form was created."""
    return form.fec_content.encode("ascii")


@transaction.atomic
def form99_mark_filed(*, form: Form99, actor: AbstractBaseUser | None, fec_filing_id: str) -> Form99:
    """Record the FEC's filing id; a filed change of filing frequency (MSM) switches the committee's schedule."""
    form = Form99.objects.select_for_update().select_related("committee").get(pk=form.pk)
    if form.filed_at is not None:
        raise Conflict("This Form 99 is already marked filed.")
    fec_filing_id = fec_filing_id_cleaned(fec_filing_id)
    if not fec_filing_id.isdigit() or len(fec_filing_id) > 16:
        raise ApplicationError(
            "The FEC filing id is the number the FEC gave the filing, e.g. 1550126.", field="fec_filing_id"
        )
    form.filed_at = timezone.now()
    form.fec_filing_id = fec_filing_id
    form.filed_by = actor if actor is not None and actor.pk else None
    form.save(update_fields=["filed_at", "fec_filing_id", "filed_by", "updated_at"])
    audit_record(
        actor=actor,
        action="form99.filed",
        obj=form,
        before={"filed_at": None},
        after={"filed_at": form.filed_at, "fec_filing_id": fec_filing_id},
    )
    if form.text_code == Form99.TextCode.FREQUENCY:
        _switch_frequency(form=form, actor=actor)
    return form


def _switch_frequency(*, form: Form99, actor: AbstractBaseUser | None) -> None:
    """The FEC has the notice: the committee's reports follow the new schedule from now on."""
    committee = Committee.objects.select_for_update().get(pk=form.committee_id)
    new = {v: k for k, v in _FREQUENCY_OF.items()}[form.filing_frequency]
    if committee.filing_frequency == new:
        return
    before = committee.filing_frequency
    committee.filing_frequency = new
    committee.save(update_fields=["filing_frequency", "updated_at"])
    audit_record(
        actor=actor,
        action="committee.filing_frequency",
        obj=committee,
        before={"filing_frequency": before},
        after={"filing_frequency": new, "form99": form.pk},
    )
