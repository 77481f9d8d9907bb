"""The console at /staff/. Every page but the landing page names its committee: /staff/<FEC id>/…"""

from django.urls import path, re_path

from console.views import (
    compliance,
    debts,
    donors,
    entries,
    filing,
    independent,
    ledger,
    loans,
    money,
    overview,
    presidential,
    reports,
    settings,
)

app_name = "console"
C = "<str:fec_id>/"

urlpatterns = [
    path("", overview.home, name="home"),
    path(C, overview.overview, name="overview"),
    # Ledger
    path(C + "ledger/", ledger.ledger, name="ledger"),
    path(C + "ledger/export.csv", ledger.ledger_csv, name="ledger_csv"),
    path(C + "ledger/new/receipt/", ledger.receipt_new, name="receipt_new"),
    path(C + "ledger/new/disbursement/", ledger.disbursement_new, name="disbursement_new"),
    path(C + "ledger/new/memo/", ledger.memo_new, name="memo_new"),
    path(C + "ledger/id/<str:transaction_id>/", ledger.lookup, name="lookup"),
    re_path(
        r"^(?P<fec_id>[^/]+)/ledger/(?P<kind>receipt|refund|disbursement)/(?P<transaction_id>[^/]+)/$",
        ledger.transaction,
        name="transaction",
    ),
    re_path(
        r"^(?P<fec_id>[^/]+)/ledger/(?P<kind>receipt|refund|disbursement)/(?P<transaction_id>[^/]+)/correct/$",
        ledger.correct,
        name="correct",
    ),
    path(C + "ledger/receipt/<str:transaction_id>/refund/", ledger.refund, name="refund"),
    path(C + "ledger/receipt/<str:transaction_id>/return/", entries.gift_return, name="gift_return"),
    path(C + "ledger/refund/<str:transaction_id>/void/", entries.refund_check_void, name="refund_void"),
    path(C + "ledger/receipt/<str:transaction_id>/agreement/", loans.loan_agreement, name="loan_agreement"),
    path(C + "ledger/receipt/<str:transaction_id>/guarantor/", loans.loan_guarantor, name="loan_guarantor"),
    path(
        C + "ledger/disbursement/<str:transaction_id>/states/",
        presidential.state_allocation,
        name="state_allocation",
    ),
    # Form 3P: items to be liquidated (presidential committees)
    path(C + "liquidation/", presidential.liquidation_items, name="liquidation_items"),
    path(C + "liquidation/new/", presidential.liquidation_item_new, name="liquidation_item_new"),
    path(
        C + "liquidation/<str:transaction_id>/liquidated/",
        presidential.liquidation_item_done,
        name="liquidation_item_done",
    ),
    # Independent expenditures and their Form 24s (PACs and parties)
    path(C + "independent/", independent.independent, name="independent"),
    path(C + "independent/new/", independent.independent_new, name="independent_new"),
    path(C + "independent/<str:transaction_id>/correct/", independent.independent_correct, name="independent_correct"),
    path(C + "independent/reports/<int:report_id>/", independent.ie_report, name="ie_report"),
    path(C + "independent/reports/<int:report_id>/f24.fec", independent.ie_report_file, name="ie_report_file"),
    path(C + "independent/reports/<int:report_id>/filed/", independent.ie_report_filed, name="ie_report_filed"),
    # Debts (Schedule D)
    path(C + "debts/", debts.debts, name="debts"),
    path(C + "debts/new/", debts.debt_new, name="debt_new"),
    path(C + "debts/<str:transaction_id>/", debts.debt, name="debt"),
    path(C + "debts/<str:transaction_id>/pay/", debts.debt_payment, name="debt_pay"),
    path(C + "debts/<str:transaction_id>/adjust/", debts.debt_adjustment, name="debt_adjust"),
    path(
        C + "debts/<str:transaction_id>/adjustments/<int:adjustment_id>/review/",
        debts.debt_adjustment_reviewed,
        name="debt_adjustment_review",
    ),
    # Donors
    path(C + "donors/", donors.donors, name="donors"),
    path(C + "donors/<int:donor_id>/", donors.donor, name="donor"),
    path(C + "donors/<int:donor_id>/edit/", donors.donor_edit, name="donor_edit"),
    path(C + "donors/<int:donor_id>/merge/", donors.donor_merge_view, name="donor_merge"),
    path(C + "monthly/<uuid:public_id>/cancel/", donors.monthly_cancel, name="monthly_cancel"),
    # Reports
    path(C + "reports/", reports.reports, name="reports"),
    path(C + "reports/new/", reports.report_new, name="report_new"),
    path(C + "reports/calendar/", reports.calendar, name="calendar"),
    path(C + "reports/<int:report_id>/", reports.report, name="report"),
    path(C + "reports/<int:report_id>/progress/", reports.report_progress, name="report_progress"),
    path(C + "reports/<int:report_id>/summary/", reports.report_summary, name="report_summary"),
    path(C + "reports/<int:report_id>/summary.pdf", reports.report_summary_pdf, name="report_summary_pdf"),
    path(C + "reports/<int:report_id>/filed/", reports.report_filed, name="report_filed"),
    path(C + "reports/<int:report_id>/submit/", filing.report_submit_view, name="report_submit"),
    path(C + "reports/<int:report_id>/submissions/", filing.report_submissions, name="report_submissions"),
    path(C + "reports/<int:report_id>/amend/", reports.report_amend_view, name="report_amend"),
    path(C + "reports/<int:report_id>/rebuild/", reports.report_rebuild, name="report_rebuild"),
    # Compliance
    path(C + "money/", money.money, name="money"),
    path(C + "money/payouts/<str:payout_id>/", money.payout, name="payout"),
    path(C + "money/bank/<int:txn_id>/match/", money.bank_match, name="bank_match"),
    path(C + "compliance/", compliance.compliance, name="compliance"),
    path(C + "compliance/review/<int:item_id>/", compliance.review_item, name="review_item"),
    re_path(
        r"^(?P<fec_id>[^/]+)/compliance/review/(?P<item_id>[0-9]+)/(?P<action>refund|clear|redesignate|reattribute)/$",
        compliance.review_action,
        name="review_action",
    ),
    path(C + "compliance/notices/<int:notice_id>/", compliance.notice, name="notice"),
    path(C + "compliance/notices/<int:notice_id>/notice.fec", compliance.notice_file, name="notice_file"),
    path(C + "compliance/notices/<int:notice_id>/filed/", compliance.notice_filed, name="notice_filed"),
    path(C + "compliance/notices/<int:notice_id>/amend/", compliance.notice_amendment, name="notice_amend"),
    # Settings
    path(C + "settings/", settings.settings_home, name="settings"),
    path(C + "settings/pages/new/", settings.donation_page_edit, name="page_new"),
    path(C + "settings/pages/<int:page_id>/", settings.donation_page_edit, name="page_edit"),
    path(C + "settings/people/new/", settings.member_add, name="member_add"),
    path(C + "settings/people/<int:membership_id>/", settings.member_change, name="member_change"),
    path(
        C + "settings/people/<int:membership_id>/enrolment-link/",
        settings.member_enrolment_link,
        name="member_enrolment_link",
    ),
    path(C + "settings/tokens/new/", settings.token_add, name="token_add"),
    path(C + "settings/filing-password/", filing.filing_password, name="filing_password"),
    path(C + "settings/tokens/<int:token_id>/revoke/", settings.token_revoke, name="token_revoke"),
]
