from django.urls import path

from hirehall.payments import views

app_name = "payments"

urlpatterns = [
    path("wallet/", views.wallet, name="wallet"),
    path("wallet/deposit/", views.deposit, name="deposit"),
    path("wallet/payment-methods/", views.payment_method_add, name="payment_method_add"),
    path(
        "wallet/payment-methods/<int:pk>/remove/", views.payment_method_delete, name="payment_method_remove"
    ),
    path("earnings/", views.earnings, name="earnings"),
    path("earnings/withdraw/", views.withdraw, name="withdraw"),
    path("transactions/", views.transactions, name="transactions"),
    path("transactions/export.csv", views.transactions_csv, name="transactions_csv"),
    path("receipts/", views.receipts, name="receipts"),
    path("receipts/<int:pk>/", views.receipt, name="receipt"),
    path("receipts/<int:pk>/pdf/", views.receipt_pdf_view, name="receipt_pdf"),
    path("fees/", views.fee_calculator, name="fees"),
]
