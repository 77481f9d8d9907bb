"""The console in Debian's Chromium (driven by Playwright) at a phone's 390 px and a desktop's 1366 px: every page
renders under its Content-Security-Policy with no script error, nothing runs off the side, the charts draw, and
axe-core (vendored in tests/console/vendor/) finds no accessibility violation. Screenshots go to
test-artifacts/<test database>/console/ (kept by CI as artifacts)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import Client

from accounts.roles import Role
from compliance.models import Debt, ReviewItem
from compliance.services.debt_adjustments import debt_adjust
from compliance.services.debts import debt_enter, debt_pay
from compliance.services.entries import Counterparty
from compliance.services.transactions import PayeeInput, disbursement_enter, refund_enter
from donations.models import Refund
from donations.services.donors import DonorInput
from tests.auth import otp_login
from tests.compliance.helpers import build, house_committee
from tests.conftest import ARTIFACTS
from tests.console.helpers import person
from tests.desk.helpers import D, donor, gift

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
AXE = (Path(__file__).parent / "vendor" / "axe-4.14.1.min.js").read_text()
SHOTS = ARTIFACTS / "console"
WIDTHS = {"phone": (390, 844), "desktop": (1366, 900)}


@pytest.fixture
def books(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    committee = house_committee(cash="5000.00")
    committee.elections.create(code="P2028", date=dt.date(2028, 6, 20), state="VA", district="11")
    today = dt.date.today()
    general = committee.elections.get(code="G2026").date
    for i in range(40):
        on = today - dt.timedelta(days=(i * 7) % 80)
        designation = "G2026" if on <= general else "P2028"  # a gift after an election goes to the next one
        gift(
            committee,
            donor(f"Donor{i}", "Example", f"{i} Main St"),
            f"{25 + (i % 6) * 40}.00",
            on,
            election=designation,
        )
    gift(committee, donor(), "3400.00", dt.date(2026, 3, 1))
    late = gift(committee, donor(), "250.00", dt.date(2026, 3, 2))  # over the limit: the queue has an item
    refund_enter(contribution=late, amount=D("150.00"), date_refunded=dt.date(2026, 3, 9), reason="Over the limit")
    printer = DonorInput(
        organization_name="Print Shop", street_1="5 Elm St", city="Anytown", state="VA", zip_code="22000"
    )
    owed = debt_enter(
        committee=committee,
        direction="by",
        who=Counterparty(code="ORG", identity=printer),
        amount=D("1200.00"),
        date_incurred=dt.date(2026, 3, 4),
        purpose="Yard signs (invoice 1042)",
    )
    debt_pay(debt=owed, amount=D("450.00"), date_paid=dt.date(2026, 3, 20))
    debt_adjust(debt=owed, kind="increase", amount=D("80.00"), date_adjusted=dt.date(2026, 3, 21), reason="Stakes")
    debt_adjust(debt=owed, kind="forgiven", amount=D("50.00"), date_adjusted=dt.date(2026, 3, 22), reason="Discount")
    renter = DonorInput(
        entity_type="IND", first_name="Dana", last_name="Debtor", street_1="7 Oak St", city="Anytown", state="VA",
        zip_code="22000",
    )  # fmt: skip
    debt_enter(
        committee=committee,
        direction="to",
        who=Counterparty(code="IND", identity=renter),
        amount=D("300.00"),
        date_incurred=dt.date(2026, 3, 6),
        purpose="Office deposit owed back",
    )
    disbursement_enter(
        committee=committee,
        payee=PayeeInput(
            organization_name="Stripe", street_1="510 Townsend St", city="San Francisco", state="CA", zip_code="94103"
        ),
        amount=D("80.00"),
        date_disbursed=today - dt.timedelta(days=3),
        purpose="Credit card processing fees",
    )
    report = build(committee, "Q1")
    return committee, report


@pytest.fixture
def browser(live_server, books, monkeypatch):
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is required for the browser test: apt-get install chromium")
    committee, _ = books
    client = Client()
    otp_login(client, person("tara", (committee, Role.TREASURER)))
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        try:
            yield chromium, cookie
        finally:
            chromium.close()


def _context(chromium, live_server, cookie: str, width: int, height: int):  # noqa: ANN001, ANN202
    context = chromium.new_context(viewport={"width": width, "height": height})
    host = live_server.url.split("//", 1)[1].split(":")[0]
    context.add_cookies([{"name": django_settings.SESSION_COOKIE_NAME, "value": cookie, "domain": host, "path": "/"}])

    def route(route):  # noqa: ANN001, ANN202  nothing leaves this machine
        url = route.request.url
        return route.continue_() if url.startswith(live_server.url) else route.abort()

    context.route("**/*", route)
    return context


def _check(page, url: str, name: str, width: int, *, status: int = 200) -> None:  # noqa: ANN001
    """Open ``url`` and inspect it (see _inspect)."""
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    response = page.goto(url)
    assert response.status == status, (url, response.status)
    _inspect(page, url, name, width, errors)


def _inspect(page, url: str, name: str, width: int, errors: list[str]) -> None:  # noqa: ANN001
    """The page as loaded: axe-core finds no violation, no script error, nothing wider than the screen."""
    page.wait_for_load_state("networkidle")
    page.evaluate(AXE + "\n;0")
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    violations = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
    page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
    assert violations == [], (url, width, violations)
    assert errors == [], (url, width, errors)  # a CSP refusal or a script error shows up here
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, (url, width, f"{overflow}px wider than the screen")
    # Lists are read, not scrolled sideways: on a phone each row is a card of labelled cells.
    hidden = page.evaluate(
        "[...document.querySelectorAll('.table-wrap')].filter(w => !w.closest('.fec-summary'))"
        ".map(w => w.scrollWidth - w.clientWidth).filter(d => d > 1)"
    )
    assert hidden == [], (url, width, f"tables wider than their box by {hidden} px")


def _submit(page, button: str, name: str, width: int, *, status: int = 200) -> None:  # noqa: ANN001
    """Press ``button`` and inspect the page the form's POST answers with (``status``: 400 for a form's errors,
    which Chromium reports as a failed load: that one message is expected)."""
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name=button).click()
    assert navigation.value.status == status, (name, navigation.value.status)
    expected = f"Failed to load resource: the server responded with a status of {status} (Bad Request)"
    _inspect(page, page.url, name, width, [e for e in errors if not (status == 400 and e == expected)])


def _entry_flows(page, pages: dict[str, str], width: int) -> None:  # noqa: ANN001
    """The pages the new entry forms answer with: the confirmation, the receipt with its return, a form's errors."""
    page.goto(pages["return-form"])
    page.get_by_label("Amount returned (USD)").fill("10.00")
    page.get_by_label("Reason").fill("Insufficient funds")
    _submit(page, "Review", "return-confirm", width)
    _submit(page, "Yes, mark $10.00 returned", "transaction-returned", width)
    assert page.get_by_role("heading", name="Returned or bounced").is_visible()
    page.goto(pages["debt-new"])
    page.get_by_label("Amount (USD)").fill("12.345")
    _submit(page, "Record the debt", "debt-new-errors", width, status=400)
    assert page.locator("ul.errorlist").count() >= 3  # amount, purpose, the creditor's name and address
    page.goto(pages["debt"])
    page.get_by_label("Amount of the change (USD)").fill("12.345")
    _submit(page, "Record the change", "debt-adjust-errors", width, status=400)
    assert page.locator("ul.errorlist").count() >= 2  # the amount, the reason


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_console_pages_at_phone_and_desktop_width(browser, live_server, books, device):
    chromium, cookie = browser
    committee, report = books
    width, height = WIDTHS[device]
    SHOTS.mkdir(parents=True, exist_ok=True)
    c = f"{live_server.url}/staff/{committee.fec_id}"
    jane = committee.donors.get(first_name="Jane")
    item = ReviewItem.objects.filter(committee=committee).first()
    gift_id = jane.contributions.first().transaction_id
    refund = Refund.objects.get(committee=committee)
    owed = Debt.objects.get(committee=committee, direction="by")
    pages = {
        "overview": f"{c}/",
        "ledger": f"{c}/ledger/",
        "ledger-filtered": f"{c}/ledger/?kind=receipt&itemized=yes&sort=-amount",
        "transaction": f"{c}/ledger/receipt/{gift_id}/",
        "receipt-form": f"{c}/ledger/new/receipt/",
        "refund-form": f"{c}/ledger/receipt/{gift_id}/refund/",
        "return-form": f"{c}/ledger/receipt/{gift_id}/return/",
        "refund": f"{c}/ledger/refund/{refund.transaction_id}/",
        "void-form": f"{c}/ledger/refund/{refund.transaction_id}/void/",
        "debts": f"{c}/debts/",
        "debts-all": f"{c}/debts/?show=all",
        "debt": f"{c}/debts/{owed.transaction_id}/",
        "debt-new": f"{c}/debts/new/",
        "debt-pay": f"{c}/debts/{owed.transaction_id}/pay/",
        "donors": f"{c}/donors/",
        "donor": f"{c}/donors/{jane.pk}/",
        "reports": f"{c}/reports/",
        "report-new": f"{c}/reports/new/",
        "report": f"{c}/reports/{report.pk}/",
        "summary": f"{c}/reports/{report.pk}/summary/",
        "calendar": f"{c}/reports/calendar/",
        "money": f"{c}/money/",
        "compliance": f"{c}/compliance/",
        "review-item": f"{c}/compliance/review/{item.pk}/",
        "settings": f"{c}/settings/",
    }
    context = _context(chromium, live_server, cookie, width, height)
    try:
        page = context.new_page()
        for name, url in pages.items():
            _check(page, url, name, width)
        _entry_flows(page, pages, width)
        page.goto(pages["overview"])
        page.wait_for_function("document.querySelector('canvas[data-chart]').dataset.drawn === '1'")
        drawn = page.evaluate("[...document.querySelectorAll('canvas[data-chart]')].map(c => c.dataset.drawn)")
        assert drawn and all(d == "1" for d in drawn)  # Chart.js drew every chart under the CSP
    finally:
        context.close()


def _schedule_books(committee) -> dict[str, str]:  # noqa: ANN001
    """Issue #18's console pages: a PAC with independent expenditures and a Form 24 due, a presidential committee
    with a payment allocated to states and an item to be liquidated, and a bank loan with its C-1 and C-2."""
    from committees.models import Committee
    from compliance.desk.ie_notices import ie_reports_sync
    from compliance.models import IndependentExpenditureReport
    from compliance.services.independent import IndependentExpenditureInput, ie_enter
    from compliance.services.loan_schedules import (
        GuarantorInput,
        LoanAgreementInput,
        loan_agreement_record,
        loan_guarantor_add,
    )
    from compliance.services.presidential import ItemSource, liquidation_item_enter, state_allocation_enter
    from compliance.services.transactions import receipt_enter
    from tests.compliance.helpers import pac_committee

    address = {"street_1": "9 Studio Way", "city": "Richmond", "state": "VA", "zip_code": "23219"}
    pac = pac_committee(cash="50000.00")
    for tid, amount, so, last in (("IE1", "6000.00", "S", "Able"), ("IE2", "4500.00", "O", "Baker")):
        ie_enter(
            committee=pac,
            data=IndependentExpenditureInput(
                entity_type="ORG",
                organization_name="Example Media LLC",
                purpose="TV ad",
                dissemination_date=dt.date(2026, 11, 20),
                expenditure_date=dt.date(2026, 11, 18),
                amount=D(amount),
                support_oppose=so,
                candidate_fec_id="S8VA00012" if so == "S" else "S8VA00020",
                candidate_last_name=last,
                candidate_first_name="Alex",
                candidate_office="S",
                candidate_state="VA",
                election_code="G2028",
                election_date=dt.date(2028, 11, 7),
                **address,
            ),  # fmt: skip
            actor=None,
            transaction_id=tid,
        )
    ie_reports_sync(committee=pac, as_of=dt.date(2026, 11, 30))
    president = house_committee("C00000002", cash="5000.00")
    Committee.objects.filter(pk=president.pk).update(
        committee_type="presidential", election_state="", election_district=""
    )
    president.refresh_from_db()
    shop = PayeeInput(organization_name="Print Shop", **address)
    spent = disbursement_enter(
        committee=president, payee=shop, amount=D("1000.00"), date_disbursed=dt.date(2026, 2, 1), purpose="Printing"
    )
    state_allocation_enter(disbursement=spent, state="IA", amount=D("600.00"))
    source = ItemSource(entity_type="ORG", organization_name="Office Outlet", **address)
    liquidation_item_enter(
        committee=president, source=source, description="Office furniture", date_acquired=dt.date(2026, 3, 1),
        fair_market_value=D("750.00"), election_code="P2028", transaction_id="ITEM1",
    )  # fmt: skip
    loan = receipt_enter(
        committee=committee,
        donor_data=DonorInput(entity_type="ORG", organization_name="First Bank", **address),
        amount=D("25000.00"),
        date_received=dt.date(2026, 2, 10),
        receipt_type="loan_other",
        election=committee.elections.get(code="P2026"),
    ).contribution
    new_loan = receipt_enter(
        committee=committee,
        donor_data=DonorInput(entity_type="ORG", organization_name="Second Bank", **address),
        amount=D("5000.00"),
        date_received=dt.date(2026, 2, 12),
        receipt_type="loan_other",
        election=committee.elections.get(code="P2026"),
    ).contribution
    loan_agreement_record(
        loan=loan,
        data=LoanAgreementInput(
            treasurer_signed=dt.date(2026, 2, 10),
            officer_last_name="Banker",
            officer_first_name="Bo",
            officer_title="Loan Officer",
            officer_signed=dt.date(2026, 2, 10),
            collateral="Certificate of deposit",
            collateral_value=D("30000.00"),
        ),  # fmt: skip
        actor=None,
    )
    guarantor = GuarantorInput(entity_type="IND", last_name="Backer", first_name="Bea", amount=D("10000.00"), **address)
    loan_guarantor_add(loan=loan, data=guarantor, actor=None)
    report = IndependentExpenditureReport.objects.get(committee=pac)
    p, h, x = f"/staff/{pac.fec_id}", f"/staff/{president.fec_id}", f"/staff/{committee.fec_id}"
    return {
        "ie-list": f"{p}/independent/",
        "ie-new": f"{p}/independent/new/",
        "ie-correct": f"{p}/independent/IE1/correct/",
        "ie-report": f"{p}/independent/reports/{report.pk}/",
        "f3p-payment": f"{h}/ledger/disbursement/{spent.transaction_id}/",
        "f3p-allocate": f"{h}/ledger/disbursement/{spent.transaction_id}/states/",
        "f3p-items": f"{h}/liquidation/",
        "f3p-item-new": f"{h}/liquidation/new/",
        "f3p-liquidate": f"{h}/liquidation/ITEM1/liquidated/",
        "loan": f"{x}/ledger/receipt/{loan.transaction_id}/",
        "loan-agreement": f"{x}/ledger/receipt/{new_loan.transaction_id}/agreement/",
        "loan-guarantor": f"{x}/ledger/receipt/{loan.transaction_id}/guarantor/",
    }


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_schedule_pages_at_phone_and_desktop_width(browser, live_server, books, device):
    """Independent expenditures, Form 3P's allocations and items, a loan's C-1 and C-2 (issue #18)."""
    from django.contrib.auth import get_user_model

    from accounts.models import CommitteeMembership

    chromium, cookie = browser
    committee, _ = books
    width, height = WIDTHS[device]
    SHOTS.mkdir(parents=True, exist_ok=True)
    paths = _schedule_books(committee)
    tara = get_user_model().objects.get(username="tara")
    for fec_id in ("C00777777", "C00000002"):
        CommitteeMembership.objects.create(user=tara, committee_id=_committee_pk(fec_id), role=Role.TREASURER)
    context = _context(chromium, live_server, cookie, width, height)
    try:
        page = context.new_page()
        for name, path in paths.items():
            _check(page, f"{live_server.url}{path}", name, width)
        page.goto(f"{live_server.url}{paths['ie-new']}")
        page.get_by_label("Amount (USD)").fill("12.345")
        _submit(page, "Record the expenditure", "ie-new-errors", width, status=400)
        assert page.locator("ul.errorlist").count() >= 3
        page.goto(f"{live_server.url}{paths['loan-guarantor']}")
        page.get_by_label("Amount guaranteed (USD)").fill("20000.00")
        _submit(page, "Add the guarantor", "loan-guarantor-errors", width, status=400)
    finally:
        context.close()


def _committee_pk(fec_id: str) -> int:
    from committees.models import Committee

    return Committee.objects.get(fec_id=fec_id).pk
