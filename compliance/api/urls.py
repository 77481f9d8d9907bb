from django.urls import path, re_path

from compliance.api.best_efforts_views import BestEffortsListApi
from compliance.api.books_views import BankTransactionMatchApi, ReconciliationListApi
from compliance.api.debt_views import DebtAdjustmentApi, DebtAdjustmentReviewApi
from compliance.api.desk_views import AuditExportApi, ElectionResultApi, ExcessiveListApi, ReviewActionApi
from compliance.api.entry_views import (
    DebtCreateApi,
    DebtPaymentApi,
    PaymentCreateApi,
    ReceiptCreateApi,
    ReturnCreateApi,
    VoidCreateApi,
)
from compliance.api.filing_views import FilingPasswordApi, ReportSubmissionsApi, ReportSubmitApi
from compliance.api.form99_views import Form99FileApi, Form99FiledApi, Form99ListCreateApi
from compliance.api.ie_views import IEReportFileApi, IEReportFiledApi, IEReportListApi, IndependentExpenditureCreateApi
from compliance.api.loan_views import LoanAgreementApi, LoanGuarantorApi
from compliance.api.notice_views import NoticeAmendApi, NoticeFileApi, NoticeFiledApi, NoticeListApi
from compliance.api.presidential_views import (
    LiquidationItemCreateApi,
    LiquidationItemLiquidatedApi,
    StateAllocationApi,
)
from compliance.api.views import ReportCreateApi, ReportDetailApi, ReportFileApi, ReportMarkFiledApi

urlpatterns = [
    path("receipts/", ReceiptCreateApi.as_view(), name="receipt-create"),
    path("payments/", PaymentCreateApi.as_view(), name="payment-create"),
    path("returns/", ReturnCreateApi.as_view(), name="return-create"),
    path("refund-voids/", VoidCreateApi.as_view(), name="refund-void-create"),
    path("debts/", DebtCreateApi.as_view(), name="debt-create"),
    path("independent-expenditures/", IndependentExpenditureCreateApi.as_view(), name="ie-create"),
    path("debts/<str:transaction_id>/payments/", DebtPaymentApi.as_view(), name="debt-payment-create"),
    path("debts/<str:transaction_id>/adjustments/", DebtAdjustmentApi.as_view(), name="debt-adjustment-create"),
    path(
        "debts/<str:transaction_id>/adjustments/<int:adjustment_id>/review/",
        DebtAdjustmentReviewApi.as_view(),
        name="debt-adjustment-review",
    ),
    path("reports/", ReportCreateApi.as_view(), name="report-create"),
    path("reports/<int:report_id>/", ReportDetailApi.as_view(), name="report-detail"),
    path("reports/<int:report_id>/filed/", ReportMarkFiledApi.as_view(), name="report-mark-filed"),
    path("reports/<int:report_id>/submit/", ReportSubmitApi.as_view(), name="report-submit"),
    path("reports/<int:report_id>/submissions/", ReportSubmissionsApi.as_view(), name="report-submissions"),
    path("filing-password/", FilingPasswordApi.as_view(), name="filing-password"),
    re_path(r"^reports/(?P<report_id>[0-9]+)/(?P<kind>fec|csv|summary)$", ReportFileApi.as_view(), name="report-file"),
    path("compliance/excessive/", ExcessiveListApi.as_view(), name="desk-excessive"),
    path("compliance/best-efforts/", BestEffortsListApi.as_view(), name="desk-best-efforts"),
    re_path(
        r"^compliance/review/(?P<item_id>[0-9]+)/(?P<action>refund|redesignate|reattribute|clear)/$",
        ReviewActionApi.as_view(),
        name="desk-review-action",
    ),
    path("compliance/election-result/", ElectionResultApi.as_view(), name="desk-election-result"),
    path("committees/<str:fec_id>/form99/", Form99ListCreateApi.as_view(), name="form99-list"),
    path("committees/<str:fec_id>/form99/<int:form_id>/form99.fec", Form99FileApi.as_view(), name="form99-file"),
    path("committees/<str:fec_id>/form99/<int:form_id>/filed/", Form99FiledApi.as_view(), name="form99-filed"),
    path("committees/<str:fec_id>/notices/", NoticeListApi.as_view(), name="notice-list"),
    path("committees/<str:fec_id>/notices/<int:notice_id>/notice.fec", NoticeFileApi.as_view(), name="notice-file"),
    path("committees/<str:fec_id>/notices/<int:notice_id>/filed/", NoticeFiledApi.as_view(), name="notice-filed"),
    path("committees/<str:fec_id>/notices/<int:notice_id>/amend/", NoticeAmendApi.as_view(), name="notice-amend"),
    path("committees/<str:fec_id>/ie-reports/", IEReportListApi.as_view(), name="ie-report-list"),
    path(
        "committees/<str:fec_id>/ie-reports/<int:report_id>/form24.fec",
        IEReportFileApi.as_view(),
        name="ie-report-file",
    ),
    path(
        "committees/<str:fec_id>/ie-reports/<int:report_id>/filed/",
        IEReportFiledApi.as_view(),
        name="ie-report-filed",
    ),
    path("loans/<str:transaction_id>/agreement/", LoanAgreementApi.as_view(), name="loan-agreement"),
    path("loans/<str:transaction_id>/guarantors/", LoanGuarantorApi.as_view(), name="loan-guarantor"),
    path("payments/<str:transaction_id>/state-allocations/", StateAllocationApi.as_view(), name="state-allocation"),
    path("committees/<str:fec_id>/liquidation-items/", LiquidationItemCreateApi.as_view(), name="liquidation-items"),
    path(
        "committees/<str:fec_id>/liquidation-items/<str:transaction_id>/liquidated/",
        LiquidationItemLiquidatedApi.as_view(),
        name="liquidation-item-liquidated",
    ),
    path("compliance/audit.csv", AuditExportApi.as_view(), name="desk-audit-export"),
    path("compliance/reconciliations/", ReconciliationListApi.as_view(), name="books-reconciliations"),
    path(
        "compliance/bank-transactions/<int:txn_id>/match/",
        BankTransactionMatchApi.as_view(),
        name="books-bank-transaction-match",
    ),
]
