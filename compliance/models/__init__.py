"""The compliance app's models: the books a committee files (reports.py) and the compliance desk (desk.py)."""

from compliance.models.books import BankStatement, BankTransaction, ConduitPayout, ConduitPayoutLine
from compliance.models.debts import Debt, DebtAdjustment, DebtPayment
from compliance.models.desk import (
    BestEffortsRequest,
    ContributionReview,
    FortyEightHourNotice,
    FortyEightHourNoticeGuarantee,
    FortyEightHourNoticeLine,
    ReviewItem,
    ReviewReminder,
)
from compliance.models.filing import FilingCredential, FilingSubmission
from compliance.models.forms import Form99
from compliance.models.independent import (
    IndependentExpenditure,
    IndependentExpenditureReport,
    IndependentExpenditureReportLine,
)
from compliance.models.loans import LoanAgreement, LoanGuarantor
from compliance.models.presidential import LiquidationItem, StateAllocation
from compliance.models.reports import Disbursement, LoanTerms, Report, TransactionText

__all__ = [
    "BankStatement",
    "BankTransaction",
    "ConduitPayout",
    "ConduitPayoutLine",
    "BestEffortsRequest",
    "ContributionReview",
    "Debt",
    "DebtAdjustment",
    "DebtPayment",
    "Disbursement",
    "FilingCredential",
    "FilingSubmission",
    "Form99",
    "FortyEightHourNotice",
    "FortyEightHourNoticeGuarantee",
    "FortyEightHourNoticeLine",
    "IndependentExpenditure",
    "IndependentExpenditureReport",
    "IndependentExpenditureReportLine",
    "LiquidationItem",
    "LoanAgreement",
    "LoanGuarantor",
    "LoanTerms",
    "Report",
    "ReviewItem",
    "ReviewReminder",
    "StateAllocation",
    "TransactionText",
]
