"""The compliance app's models: the books a committee files (reports.py) and the compliance desk (desk.py)."""

from compliance.models.debts import Debt, DebtPayment
from compliance.models.desk import (
    BestEffortsRequest,
    ContributionReview,
    FortyEightHourNotice,
    FortyEightHourNoticeLine,
    ReviewItem,
    ReviewReminder,
)
from compliance.models.forms import Form99
from compliance.models.loans import LoanAgreement, LoanGuarantor
from compliance.models.reports import Disbursement, LoanTerms, Report, TransactionText

__all__ = [
    "BestEffortsRequest",
    "ContributionReview",
    "Debt",
    "DebtPayment",
    "Disbursement",
    "Form99",
    "FortyEightHourNotice",
    "FortyEightHourNoticeLine",
    "LoanAgreement",
    "LoanGuarantor",
    "LoanTerms",
    "Report",
    "ReviewItem",
    "ReviewReminder",
    "TransactionText",
]
