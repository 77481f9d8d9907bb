from django.urls import path, re_path

from compliance.dashboard import views

urlpatterns = [
    path("staff/", views.dashboard, name="staff-dashboard"),
    re_path(
        r"^staff/review/(?P<item_id>[0-9]+)/(?P<action>refund|clear|redesignate)/$",
        views.review_action,
        name="staff-review-action",
    ),
    path("desk/best-efforts/<str:token>/", views.best_efforts_form, name="best-efforts-form"),
]
