"""A person-or-organisation classifier (probablepeople) beside the corporate-suffix rule (issue #12: "Matching and
screening use well-kept parsers ... a person-or-organisation classifier (probablepeople) beside the
corporate-suffix rule for prohibited sources").

Before, a gift recorded as an individual named "Acme Widgets" passed screening: the name has no suffix. A
corporation may not contribute (11 CFR 114.2(b)); a contribution in the name of another is prohibited
(11 CFR 110.4(b)). Now it is a questionable-source item naming the classifier, and ordinary names are not."""

import datetime as dt

import pytest

from compliance.desk.screening import classified_as_corporation
from compliance.models import ReviewItem
from tests.compliance.helpers import house_committee
from tests.desk.helpers import donor, gift

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 2, 10)


def items(contribution) -> dict[str, str]:
    return dict(ReviewItem.objects.filter(contribution=contribution).values_list("reason_code", "reason"))


def test_an_individual_named_like_a_firm_is_a_questionable_source_naming_the_classifier():
    committee = house_committee()
    acme = gift(committee, donor("Acme", "Widgets"), "100.00", DAY)
    holdings = gift(committee, donor("Smith Family", "Holdings"), "100.00", DAY)
    in_last_name = gift(committee, donor("", "Acme Widgets", street="2 Main St"), "100.00", DAY)
    for contribution in (acme, holdings, in_last_name):
        found = items(contribution)
        assert set(found) == {"classifier_corporation"}, found
        assert "probablepeople" in found["classifier_corporation"]
        item = ReviewItem.objects.get(contribution=contribution)
        assert item.kind == "prohibited" and item.deadline == DAY + dt.timedelta(days=30)


@pytest.mark.parametrize(
    ("first", "last"),
    [
        ("Mary Ann", "Smith"),
        ("John", "Smith Jr."),
        ("Jose", "de la Cruz"),
        ("Christopher", "Church"),  # the classifier reads "Christopher Church" as a firm, not "Church, Christopher"
        ("Grace", "Temple"),
        ("Li", "Wei"),
        ("Robert", "Bank"),
        ("Mary Ann", "Smith-Jones"),
    ],
)
def test_ordinary_personal_names_are_not_flagged(first, last):
    assert not classified_as_corporation(first, last)
    committee = house_committee()
    assert items(gift(committee, donor(first, last), "100.00", DAY)) == {}


def test_a_suffix_stays_the_suffix_rules_finding_only():
    committee = house_committee()
    suffixed = gift(committee, donor("Acme", "Widgets LLC"), "100.00", DAY)
    assert set(items(suffixed)) == {"corporate_name"}, "one finding per name: the suffix rule's"
