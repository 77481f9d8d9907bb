"""The shape cache of RecordValidator: a record is skipped only when a record of the same shape was valid, and
the shape holds everything the schemas can observe. Cached and uncached validation must agree on any record."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compliance.fec import RecordValidator, ScheduleA, ScheduleB, record_fields
from compliance.fec.format import FS
from compliance.fec.shape_cache import shape_keys
from tests.fec.sample_records import f3n_example_records, f3xn_example_records, jane_doe_receipt

D = Decimal


def _both(form: str, records: list, cached: RecordValidator | None = None) -> None:
    cached = cached or RecordValidator(form)
    plain = RecordValidator(form, cache_shapes=False)
    for record in records:
        expected = plain.errors(record)
        assert cached.errors(record) == expected, record
        assert cached.errors(record) == expected, record  # again: now possibly from the cache


def test_worked_examples_agree_and_hit_the_cache() -> None:
    for form, records in (("F3", f3n_example_records()), ("F3X", f3xn_example_records())):
        _both(form, records)
    validator = RecordValidator("F3")
    base = jane_doe_receipt()
    for n in range(50):
        record = dataclasses.replace(base, transaction_id=f"A{n:04d}", contributor_last_name=f"Doe{n}")
        assert validator.errors(record) == []
    assert validator.shape_hits == 49


def test_a_violation_in_a_cached_shape_is_still_reported() -> None:
    validator = RecordValidator("F3")
    plain = RecordValidator("F3", cache_shapes=False)
    good = jane_doe_receipt(contribution_amount=D("50.00"), contribution_aggregate=D("150.00"), contributor_employer="")
    assert validator.errors(good) == []  # under $200: employer not required; shape now cached valid
    bad = [
        # crosses $200.01 (the schema's if/minimum) without employer
        dataclasses.replace(good, contribution_aggregate=D("200.01")),
        # a committee id that breaks the id pattern / length
        dataclasses.replace(good, entity_type="COM", contributor_organization_name="PAC", donor_committee_fec_id="C12"),
        # a line of another form
        dataclasses.replace(good, form_type="SA17A"),
    ]
    for record in bad:
        expected = plain.errors(record)
        assert expected, record
        assert validator.errors(record) == expected


def test_fields_the_writer_would_not_produce_are_validated_in_full() -> None:
    validator = RecordValidator("F3")
    fields = record_fields(jane_doe_receipt())
    assert validator.field_errors(fields) == []
    odd = list(fields)
    odd[5] = "x" * 200  # longer than the column: the shape key refuses it
    assert shape_keys("SA").key(odd, "F3") is None
    assert validator.field_errors(odd) == RecordValidator("F3", cache_shapes=False).field_errors(odd)
    odd = list(fields)
    odd[7] = "Jos\u00e9"  # not ASCII
    assert shape_keys("SA").key(odd, "F3") is None
    assert validator.line_errors(FS.join(odd)) == RecordValidator("F3", cache_shapes=False).field_errors(odd)


_text = st.one_of(
    st.just(""),
    st.sampled_from(["Doe", "ACME", "Earmarked through ActBlue", "earmark"]),
    st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=40),
)
_amount = st.one_of(
    st.sampled_from([D("0"), D("0.01"), D("-5"), D("200"), D("200.01"), D("200.02"), D("250"), D("99999999.99")]),
    st.decimals(min_value=D("-1000"), max_value=D("100000"), places=2, allow_nan=False, allow_infinity=False),
)
_committee_id = st.sampled_from(["", "C00401224", "C12", "X00401224", "c00401224"])
_candidate_id = st.sampled_from(["", "H6VA01234", "P60001234", "H6V", "Z0000000"])
_common = dict(
    filer_committee_id_number=st.sampled_from(["C00999999", "C9", ""]),
    transaction_id=st.sampled_from(["A1", "B0000000000000000001", ""]),
    back_reference_tran_id_number=st.sampled_from(["", "A1"]),
    back_reference_sched_name=st.sampled_from(["", "SA11AI", "SB20A"]),
    entity_type=st.sampled_from(["IND", "CAN", "ORG", "COM", "PAC", "CCM", "PTY", "XYZ", ""]),
    election_code=st.sampled_from(["", "P2026", "G2026", "X2026", "P26"]),
    election_other_description=_text,
    memo_code=st.booleans(),
    memo_text_description=_text,
)


def _receipts() -> st.SearchStrategy[ScheduleA]:
    return st.builds(
        ScheduleA,
        form_type=st.sampled_from(["SA11AI", "SA11AII", "SA11B", "SA11C", "SA11D", "SA12", "SA13A", "SA15", "SA17A"]),
        contributor_organization_name=_text,
        contributor_last_name=_text,
        contributor_first_name=_text,
        contributor_street_1=_text,
        contributor_city=_text,
        contributor_state=st.sampled_from(["", "VA", "V1", "ZZ"]),
        contributor_zip=st.sampled_from(["", "22000", "220001234", "ABC"]),
        contribution_date=st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31)),
        contribution_amount=_amount,
        contribution_aggregate=st.one_of(st.none(), _amount),
        contribution_purpose_descrip=_text,
        contributor_employer=_text,
        contributor_occupation=_text,
        donor_committee_fec_id=_committee_id,
        donor_committee_name=_text,
        donor_candidate_fec_id=_candidate_id,
        donor_candidate_office=st.sampled_from(["", "H", "S", "P", "X"]),
        conduit_name=_text,
        **_common,
    )


def _disbursements() -> st.SearchStrategy[ScheduleB]:
    return st.builds(
        ScheduleB,
        form_type=st.sampled_from(["SB17", "SB20A", "SB21B", "SB23", "SB28A", "SB28C", "SB29", "SB99"]),
        payee_organization_name=_text,
        payee_last_name=_text,
        payee_first_name=_text,
        payee_city=_text,
        payee_state=st.sampled_from(["", "VA", "V1"]),
        expenditure_date=st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31)),
        expenditure_amount=_amount,
        expenditure_purpose_descrip=_text,
        category_code=st.sampled_from(["", "001", "002", "999", "1"]),
        beneficiary_committee_fec_id=_committee_id,
        beneficiary_candidate_fec_id=_candidate_id,
        beneficiary_candidate_office=st.sampled_from(["", "H", "S", "P", "X"]),
        beneficiary_candidate_state=st.sampled_from(["", "VA", "V1"]),
        beneficiary_candidate_district=st.sampled_from(["", "01", "1", "AB"]),
        **_common,
    )


_SHARED = {form: RecordValidator(form) for form in ("F3", "F3X", "F3P")}


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    form=st.sampled_from(["F3", "F3X", "F3P"]),
    records=st.lists(st.one_of(_receipts(), _disbursements()), max_size=6),
)
def test_cached_and_uncached_validation_agree_on_random_records(form: str, records: list) -> None:
    # one validator shared by every example, so shapes validated by earlier examples are served from its cache
    _both(form, records, _SHARED[form])
