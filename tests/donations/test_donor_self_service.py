"""Donor self-service (issue #16): the emailed sign-in link (signed, expiring, single use, one committee), what a
signed-in donor sees (their gifts only), the limit check on a monthly gift's new amount, the statement's totals,
and the pages' answers (the same whether or not an address gave, rate limited, session expiry, sign out)."""

import logging
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from donations.access_models import DonorAccessLink
from donations.account_selectors import (
    account_contribution,
    account_gifts,
    account_statement,
    account_statement_years,
)
from donations.models import RecurringGift, Refund
from donations.services.donor_access import (
    DonorAccess,
    donor_access_check,
    donor_access_link_send,
    donor_access_redeem,
)
from donations.services.donor_account import donor_monthly_amount_change
from donations.services.limits import limit_record_receipt, limit_rule_for
from donations.web.account_session import KEY
from fundraising.exceptions import ApplicationError, NotFound
from tests.factories import ContributionFactory, DonationPageFactory, DonorFactory, ElectionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def page(db):
    page = DonationPageFactory(slug="self")
    ElectionFactory(committee=page.committee, code="P2028", date=date(2028, 6, 20))
    return page


@pytest.fixture
def donor(page):
    return DonorFactory(committee=page.committee, email="Jane@Example.com")


def _token_from(mail) -> str:
    body = mail.body
    start = body.index("/manage/sign-in/") + len("/manage/sign-in/")
    return body[start : body.index("/", start)]


def _access(page, email="jane@example.com") -> DonorAccess:
    return DonorAccess(committee_id=page.committee_id, page_slug=page.slug, email=email, link_id=1)


def test_link_is_sent_only_for_an_address_that_gave_with_html_and_text(page, donor, mailoutbox):
    assert donor_access_link_send(page_slug=page.slug, email="nobody@example.com") is False
    assert mailoutbox == [] and DonorAccessLink.objects.count() == 0
    assert donor_access_link_send(page_slug=page.slug, email=" JANE@example.com ") is True
    (mail,) = mailoutbox
    assert mail.to == ["jane@example.com"]
    assert mail.alternatives[0].mimetype == "text/html" and "Sign in" in mail.alternatives[0].content
    token = _token_from(mail)
    assert token in mail.alternatives[0].content
    link = DonorAccessLink.objects.get()
    assert token not in (link.secret_digest, str(link.pk)) and len(link.secret_digest) == 64
    assert link.expires_at - timezone.now() <= timedelta(minutes=30)


def test_link_signs_in_once(page, donor, mailoutbox):
    donor_access_link_send(page_slug=page.slug, email="jane@example.com")
    token = _token_from(mailoutbox[0])
    donor_access_check(page=page, token=token)  # looking does not spend it
    access = donor_access_redeem(page=page, token=token)
    assert access.email == "jane@example.com" and access.committee_id == page.committee_id
    with pytest.raises(ApplicationError, match="used already"):
        donor_access_redeem(page=page, token=token)


def test_link_expires_after_thirty_minutes(page, donor, mailoutbox, monkeypatch):
    donor_access_link_send(page_slug=page.slug, email="jane@example.com")
    token = _token_from(mailoutbox[0])
    later = time.time() + 31 * 60
    monkeypatch.setattr(signing.time, "time", lambda: later)
    with pytest.raises(ApplicationError, match="expired"):
        donor_access_redeem(page=page, token=token)
    monkeypatch.undo()
    DonorAccessLink.objects.update(expires_at=timezone.now() - timedelta(seconds=1))  # the row's own expiry too
    with pytest.raises(ApplicationError, match="expired"):
        donor_access_redeem(page=page, token=token)
    assert DonorAccessLink.objects.get().used_at is None


def test_link_of_one_committee_does_not_open_another(page, donor, mailoutbox):
    other_page = DonationPageFactory(slug="other")
    DonorFactory(committee=other_page.committee, email="jane@example.com")
    donor_access_link_send(page_slug=page.slug, email="jane@example.com")
    token = _token_from(mailoutbox[0])
    with pytest.raises(ApplicationError, match="not valid"):
        donor_access_redeem(page=other_page, token=token)
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    with pytest.raises(ApplicationError, match="not valid"):
        donor_access_redeem(page=page, token=tampered)
    assert donor_access_redeem(page=page, token=token).committee_id == page.committee_id


def test_another_donors_gift_is_not_visible(page, donor, client):
    mine = ContributionFactory(committee=page.committee, donor=donor, amount=Decimal("40.00"))
    other = ContributionFactory(committee=page.committee, amount=Decimal("75.00"))  # another donor, same committee
    elsewhere_donor = DonorFactory(email="jane@example.com")  # same address, another committee
    elsewhere = ContributionFactory(committee=elsewhere_donor.committee, donor=elsewhere_donor)
    access = _access(page)
    assert [line.contribution for line in account_gifts(access)] == [mine]
    for theirs in (other, elsewhere):
        with pytest.raises(NotFound):
            account_contribution(access, transaction_id=theirs.transaction_id)
    _sign_in(client, page, access)
    response = client.get(reverse("donor-account-receipt", args=[page.slug, other.transaction_id]))
    assert response.status_code == 404
    home = client.get(reverse("donor-account-home", args=[page.slug]))
    assert mine.transaction_id in home.text and other.transaction_id not in home.text
    receipt = client.get(reverse("donor-account-receipt", args=[page.slug, mine.transaction_id]))
    assert receipt.status_code == 200 and "$40.00" in receipt.text
    assert (
        "script-src" not in receipt["Content-Security-Policy"]
        and "default-src 'none'" in receipt.text + receipt["Content-Security-Policy"]
    )


class _NoStripe:
    def __getattr__(self, name):
        raise AssertionError(f"Stripe must not be called ({name})")


def test_amount_change_over_the_limit_is_refused_before_stripe(page, donor, monkeypatch):
    election = page.committee.elections.get(code="P2028")
    today = timezone.localdate()
    key = limit_rule_for(committee=page.committee, donor=donor, election=election, on=today).period_key
    limit_record_receipt(
        committee=page.committee, donor=donor, period_key=key, amount=Decimal("3400.00"), release_reservation=False
    )
    gift = RecurringGift.objects.create(
        committee=page.committee,
        donor=donor,
        election=election,
        amount=Decimal("50.00"),
        status=RecurringGift.Status.ACTIVE,
        stripe_customer_id="cus_test",
        stripe_subscription_id="sub_test",
    )
    monkeypatch.setattr("donations.services.donor_account.get_payment_gateway", lambda: _NoStripe())
    with pytest.raises(ApplicationError) as refused:
        donor_monthly_amount_change(access=_access(page), gift=gift, amount="200")
    assert refused.value.field == "amount" and "$100.00 left" in refused.value.message
    with pytest.raises(ApplicationError, match="minimum"):
        donor_monthly_amount_change(access=_access(page), gift=gift, amount="0.50")
    gift.refresh_from_db()
    assert gift.amount == Decimal("50.00")
    assert not AuditEvent.objects.filter(action="recurring.amount_changed").exists()


def test_statement_lists_gifts_and_refunds_of_the_year_with_the_total(page, donor):
    first = ContributionFactory(
        committee=page.committee,
        donor=donor,
        amount=Decimal("100.00"),
        received_at=datetime(2027, 3, 2, 15, tzinfo=UTC),
    )
    ContributionFactory(
        committee=page.committee, donor=donor, amount=Decimal("25.00"), received_at=datetime(2027, 9, 9, 15, tzinfo=UTC)
    )
    ContributionFactory(
        committee=page.committee, donor=donor, amount=Decimal("60.00"), received_at=datetime(2028, 1, 5, 15, tzinfo=UTC)
    )
    Refund.objects.create(
        committee=page.committee,
        contribution=first,
        donor=donor,
        amount=Decimal("30.00"),
        refunded_at=datetime(2027, 4, 1, 15, tzinfo=UTC),
        date_refunded=date(2027, 4, 1),
    )
    Refund.objects.create(
        committee=page.committee,
        contribution=first,
        donor=donor,
        amount=Decimal("5.00"),
        refunded_at=datetime(2029, 1, 3, 15, tzinfo=UTC),
        date_refunded=date(2029, 1, 3),
    )
    assert account_statement_years(_access(page)) == [2029, 2028, 2027]  # 2029: a refund only
    assert account_statement(_access(page), year=2029).total == Decimal("-5.00")
    statement = account_statement(_access(page), year=2027)
    assert [line.amount for line in statement.lines] == [Decimal("100.00"), Decimal("-30.00"), Decimal("25.00")]
    assert (statement.given, statement.returned, statement.total) == (
        Decimal("125.00"),
        Decimal("30.00"),
        Decimal("95.00"),
    )


def _sign_in(client, page, access: DonorAccess) -> None:
    session = client.session
    now = time.time()
    session[KEY] = {
        "committee": access.committee_id,
        "page": page.slug,
        "email": access.email,
        "link": access.link_id,
        "started": now,
        "seen": now,
    }
    session.save()


def test_request_page_answers_alike_and_is_rate_limited(page, donor, client, monkeypatch):
    queued = []
    monkeypatch.setattr(
        "donations.tasks.donor_access_link_email_task.delay", lambda slug, email: queued.append((slug, email))
    )
    url = reverse("donor-account", args=[page.slug])
    answers = []
    for email in ("jane@example.com", "nobody@example.com"):
        response = client.post(url, {"email": email})
        assert response.status_code == 200
        answers.append(response.text.split("<main>")[1])
    assert answers[0] == answers[1] and "If we have gifts under that address" in answers[0]
    assert queued == [("self", "jane@example.com"), ("self", "nobody@example.com")]
    statuses = [client.post(url, {"email": "jane@example.com"}).status_code for _ in range(5)]
    assert statuses[-1] == 429 and len(queued) == 6
    assert client.post(url, {"email": "not an address"}).status_code == 400


def test_sign_in_link_page_spends_on_post_and_session_ends(page, donor, client, mailoutbox, caplog):
    caplog.set_level(logging.INFO)
    donor_access_link_send(page_slug=page.slug, email="jane@example.com")
    token = _token_from(mailoutbox[0])
    url = reverse("donor-account-sign-in", args=[page.slug, token])
    assert client.get(url).status_code == 200 and DonorAccessLink.objects.get().used_at is None
    response = client.post(url)
    assert response.status_code == 302 and response["Location"] == reverse("donor-account-home", args=[page.slug])
    home = client.get(response["Location"])
    assert home.status_code == 200 and "jane@example.com" in home.text and "no-store" in home["Cache-Control"]
    assert client.post(url).status_code == 400  # used
    session = client.session
    session[KEY] = {**session[KEY], "seen": time.time() - 31 * 60}
    session.save()
    expired = client.get(reverse("donor-account-home", args=[page.slug]))
    assert expired.status_code == 302 and "ended=1" in expired["Location"]
    assert KEY not in client.session
    # Logs carry the link's id, never the token or the address.
    assert "donor access link used link=" in caplog.text
    assert token.rsplit(":", 1)[-1] not in caplog.text and "jane@example.com" not in caplog.text.lower()


def test_sign_out_ends_the_session(page, donor, client):
    _sign_in(client, page, _access(page))
    assert client.get(reverse("donor-account-home", args=[page.slug])).status_code == 200
    assert client.post(reverse("donor-account-sign-out", args=[page.slug])).status_code == 200
    assert client.get(reverse("donor-account-home", args=[page.slug])).status_code == 302
