from django.urls import path

from . import voucher_views as views

app_name = "vouchers"
urlpatterns = [
    path("", views.voucher_list_view, name="list"),
    path("uitgeven/<int:person_id>/", views.voucher_issue_view, name="issue"),
    path("inwisselen/", views.voucher_redeem_view, name="redeem"),
    path("<int:pk>/", views.voucher_detail_view, name="detail"),
    path("<int:pk>/intrekken/", views.voucher_withdraw_view, name="withdraw"),
]
