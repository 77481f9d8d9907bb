from django.urls import path

from compliance.dashboard import views

# The staff dashboard moved to the console (console/ at /staff/); what stays here is the donors' public
# best-efforts form, reached from a signed link in the request email.
urlpatterns = [
    path("desk/best-efforts/<str:token>/", views.best_efforts_form, name="best-efforts-form"),
]
