"""Unit-economics formulas, checked against DESIGN.md's worked examples and hand sums."""

from __future__ import annotations

from decimal import Decimal

from economics.margins import formulas as f
from economics.margins.formulas import ClassTotals, ClassUsage

D = Decimal


# ---------------------------------------------------------------- worked example 1


def design_example_1() -> f.ClassMarginReport:
    # A (doc summarise) ~$0.015 cost, ~$0.009 revenue; B (classify) ~$0.0004, ~$0.006.
    return f.class_margin_report(
        [
            ClassTotals("doc-summarise", requests=1_000, cost=D("15.000"), revenue=D("9.000")),
            ClassTotals("classify", requests=9_000, cost=D("3.6000"), revenue=D("54.000")),
        ]
    )


def test_example_1_losing_class_has_negative_margin_per_request_and_is_flagged():
    report = design_example_1()
    a, b = report.classes

    assert a.cost_per_request == D("0.01500000")
    assert a.revenue_per_request == D("0.00900000")
    assert a.margin_per_request == D("-0.00600000")
    assert a.margin == D("-6.000")
    assert a.inference_margin_pct == D("-66.6667")
    assert a.share_of_requests == D("0.1000")
    assert a.margin_negative is True

    assert b.cost_per_request == D("0.00040000")
    assert b.margin_per_request == D("0.00560000")
    assert b.inference_margin_pct == D("93.3333")
    assert b.share_of_requests == D("0.9000")
    assert b.margin_negative is False


def test_example_1_blended_margin_is_positive_while_a_class_loses_and_the_report_says_so():
    report = design_example_1()

    assert report.blended.request_class == f.BLENDED
    assert report.blended.requests == 10_000
    assert report.blended.cost == D("18.6000")
    assert report.blended.revenue == D("63.000")
    assert report.blended.margin == D("44.4000")
    assert report.blended.margin_per_request == D("0.00444000")
    assert report.blended.inference_margin_pct == D("70.4762")
    assert report.blended.share_of_requests == D("1.0000")
    assert report.blended.margin_negative is False
    assert report.negative_classes == ["doc-summarise"]
    assert report.blended_hides_loss is True
    assert report.statement == (
        "Blended margin is positive (44.4) while 1 request class loses money: "
        "doc-summarise (-0.006 per request)."
    )


def test_no_statement_when_every_class_earns():
    report = f.class_margin_report(
        [ClassTotals("classify", requests=10, cost=D("0.004"), revenue=D("0.06"))]
    )

    assert report.negative_classes == []
    assert report.blended_hides_loss is False
    assert report.statement is None


def test_no_hidden_loss_when_the_blend_itself_loses():
    report = f.class_margin_report(
        [
            ClassTotals("doc-summarise", requests=10, cost=D("1.50"), revenue=D("0.09")),
            ClassTotals("classify", requests=10, cost=D("0.004"), revenue=D("0.06")),
        ]
    )

    assert report.blended.margin == D("-1.35")  # -1.354, to the cent
    assert report.negative_classes == ["doc-summarise"]
    assert report.blended_hides_loss is False
    assert report.statement is None


def test_class_by_model_rows_are_labelled_with_the_model():
    report = f.class_margin_report(
        [
            ClassTotals("chat", model="gpt-4o", requests=2, cost=D("0.03"), revenue=D("0.02")),
            ClassTotals("chat", model="gpt-4o-mini", requests=8, cost=D("0.01"), revenue=D("0.08")),
        ]
    )

    assert report.negative_classes == ["chat / gpt-4o"]
    assert report.statement == (
        "Blended margin is positive (0.06) while 1 request class loses money: "
        "chat / gpt-4o (-0.005 per request)."
    )


def test_a_class_without_requests_or_revenue_has_no_ratios():
    report = f.class_margin_report([ClassTotals("idle", requests=0, cost=D("0"), revenue=D("0"))])

    idle = report.classes[0]
    assert idle.cost_per_request is None
    assert idle.revenue_per_request is None
    assert idle.margin_per_request is None
    assert idle.inference_margin_pct is None
    assert idle.share_of_requests is None
    assert idle.margin_negative is False


def test_free_requests_with_cost_have_no_margin_pct_but_are_negative():
    figures = f.class_figures(
        ClassTotals("trial", requests=4, cost=D("0.02"), revenue=D("0")), all_requests=8
    )

    assert figures.inference_margin_pct is None
    assert figures.margin_per_request == D("-0.00500000")
    assert figures.share_of_requests == D("0.5000")
    assert figures.margin_negative is True


# ---------------------------------------------------------------- worked example 2


def test_example_2_search_ranking_nets_minus_5000_a_month():
    roi = f.feature_roi(
        variable_cost=D("1000.00"),  # 1,000,000 queries x $0.001
        fixed_cost=D("5000.00"),  # training
        requests=1_000_000,
        revenue=D("1000.00"),  # 1,000 extra conversions x $1
    )

    assert roi.value == D("1000.00")
    assert roi.total_cost == D("6000.00")
    assert roi.net == D("-5000.00")
    assert roi.roi_pct == D("-83.3333")
    assert roi.value_per_request == D("0.00100000")
    assert roi.cost_per_request == D("0.00600000")
    assert roi.net_per_request == D("-0.00500000")
    assert roi.fixed_cost_per_request == D("0.00500000")


# ---------------------------------------------------------------- worked example 3


def test_example_3_support_chatbot_earns_196_per_conversation_from_cost_avoided():
    roi = f.feature_roi(
        variable_cost=D("0.04"), fixed_cost=D("0"), requests=1, cost_avoided=D("2.00")
    )

    assert roi.net == D("1.96")
    assert roi.net_per_request == D("1.96000000")
    assert roi.roi_pct == D("4900.00")


def test_example_3_recommendation_engine_loses_five_cents_per_recommendation():
    figures = f.class_figures(
        ClassTotals("recommend", requests=1, cost=D("0.25"), revenue=D("0.20")), all_requests=1
    )

    assert figures.margin_per_request == D("-0.05000000")
    assert figures.inference_margin_pct == D("-25.00")
    assert figures.margin_negative is True


def test_feature_roi_adds_every_kind_of_value_and_has_no_pct_without_cost():
    roi = f.feature_roi(
        variable_cost=D("0"),
        fixed_cost=D("0"),
        requests=0,
        revenue=D("1"),
        outcome_value=D("2.5"),
        cost_avoided=D("0.25"),
    )

    assert roi.value == D("3.75")
    assert roi.net == D("3.75")
    assert roi.roi_pct is None
    assert roi.value_per_request is None


# ------------------------------------------------------------------------ customers


def test_ltv_payback_and_ratio_match_a_hand_calculation():
    # Three months: $300 revenue, $120 variable cost -> ARPA $100, GM 60%.
    # LTV = 100 x 0.6 / 0.05 = 1200; payback = 300 / (100 x 0.6) = 5 months.
    figures = f.customer_figures(
        revenue=D("300"),
        cost=D("120"),
        account_months=D("3"),
        monthly_churn=D("0.05"),
        monthly_discount=D("0.01"),
        cac=D("300"),
    )

    assert figures.margin == D("180")
    assert figures.gross_margin_pct == D("60.00")
    assert figures.arpa == D("100.0000")
    assert figures.ltv == D("1200.0000")
    assert figures.discounted_ltv == D("1000.0000")  # 60 / (0.05 + 0.01)
    assert figures.cac_payback_months == D("5.00")
    assert figures.ltv_to_cac == D("4.00")
    assert figures.ltv_basis == "churn"


def test_ltv_is_undefined_at_zero_churn_and_the_discounted_form_is_given():
    figures = f.customer_figures(
        revenue=D("300"),
        cost=D("120"),
        account_months=D("3"),
        monthly_churn=D("0"),
        monthly_discount=D("0.01"),
        cac=D("300"),
    )

    assert figures.ltv is None
    assert figures.discounted_ltv == D("6000.0000")  # 60 / 0.01
    assert figures.ltv_to_cac == D("20.00")
    assert figures.ltv_basis == "discounted"
    assert figures.cac_payback_months == D("5.00")


def test_a_customer_with_negative_margin_never_pays_back():
    figures = f.customer_figures(
        revenue=D("50"),
        cost=D("80"),
        account_months=D("1"),
        monthly_churn=D("0.1"),
        monthly_discount=D("0.01"),
        cac=D("100"),
    )

    assert figures.gross_margin_pct == D("-60.00")
    assert figures.ltv == D("-300.0000")
    assert figures.cac_payback_months is None
    assert figures.ltv_to_cac == D("-3.00")


def test_a_customer_without_revenue_or_cac_has_no_derived_figures():
    figures = f.customer_figures(
        revenue=D("0"),
        cost=D("3"),
        account_months=D("2"),
        monthly_churn=D("0.1"),
        monthly_discount=D("0.01"),
        cac=None,
    )

    assert figures.gross_margin_pct is None
    assert figures.arpa == D("0.0000")
    assert figures.ltv is None
    assert figures.discounted_ltv is None
    assert figures.cac_payback_months is None
    assert figures.ltv_to_cac is None
    assert figures.ltv_basis is None


def test_cac_spreads_spend_over_customers_acquired():
    assert f.cac(acquisition_spend=D("1000"), customers_acquired=3) == D("333.33")
    assert f.cac(acquisition_spend=D("1000"), customers_acquired=0) is None


def test_monthly_churn_and_net_revenue_retention():
    assert f.monthly_churn_rate(customers_at_start=40, churned=6, months=D("3")) == D("0.05")
    assert f.monthly_churn_rate(customers_at_start=0, churned=0, months=D("1")) == D("0")
    assert f.net_revenue_retention(previous_revenue=D("1000"), retained_revenue=D("1100")) == D(
        "110.00"
    )
    assert f.net_revenue_retention(previous_revenue=D("0"), retained_revenue=D("5")) is None


def test_heavy_use_of_a_losing_class_is_flagged_as_engagement_destroying_value():
    usage = [
        ClassUsage("doc-summarise", requests=800, revenue=D("7.2"), cost=D("12")),
        ClassUsage("classify", requests=200, revenue=D("1.2"), cost=D("0.08")),
    ]

    assert f.engagement_destroys_value(usage, negative_classes=["doc-summarise"]) is True


def test_light_use_of_a_losing_class_is_not_flagged():
    usage = [
        ClassUsage("doc-summarise", requests=100, revenue=D("0.9"), cost=D("1.5")),
        ClassUsage("classify", requests=900, revenue=D("5.4"), cost=D("0.36")),
    ]

    assert f.engagement_destroys_value(usage, negative_classes=["doc-summarise"]) is False


def test_a_customer_losing_money_on_a_class_that_earns_tenant_wide_is_flagged():
    usage = [ClassUsage("chat", requests=10, revenue=D("0.10"), cost=D("0.50"))]

    assert f.engagement_destroys_value(usage) is True
    assert f.engagement_destroys_value([]) is False


def test_the_statement_rounds_totals_to_cents_and_per_request_figures_to_six_places():
    report = f.class_margin_report(
        [
            ClassTotals("a", requests=3, cost=D("1"), revenue=D("0")),
            ClassTotals("b", requests=1, cost=D("0"), revenue=D("5.005")),
        ]
    )

    assert report.classes[0].margin_per_request == D("-0.33333333")
    assert report.statement == (
        "Blended margin is positive (4.01) while 1 request class loses money: "
        "a (-0.333333 per request)."
    )


# ------------------------------------------------------------------------- rounding


def test_each_kind_of_figure_is_rounded_half_up_to_its_documented_places():
    assert str(f.money(D("0.125"))) == "0.13"  # USD: to the cent
    assert str(f.money(D("-0.005"))) == "-0.01"
    assert str(f.money(D("1234.5"), "JPY")) == "1235"
    assert str(f.per_request(D("0.000000125"))) == "1.3E-7"  # 0.00000013: 8 places
    assert str(f.ratio(D("266.66666666666666666666666667"))) == "266.6667"
    assert f.maybe(f.ratio, None) is None


def test_customer_figures_are_each_rounded_once_from_the_exact_sums():
    # ARPA 100 / 3 = 33.333..; LTV = 33.333.. x 0.5 / 0.03 = 555.555.. (not 33.33 x 0.5 / 0.03
    # = 555.50, which rounding ARPA first would give).
    figures = f.customer_figures(
        revenue=D("100"),
        cost=D("50"),
        account_months=D("3"),
        monthly_churn=D("0.03"),
        monthly_discount=D("0.01"),
        cac=D("1000") / 3,
    )

    assert (figures.arpa, figures.ltv, figures.discounted_ltv) == (
        D("33.33"),
        D("555.56"),
        D("416.67"),
    )
    assert (figures.cac, figures.cac_payback_months, figures.ltv_to_cac) == (
        D("333.33"),
        D("20.0000"),
        D("1.6667"),
    )


def test_a_churned_customer_ltv_is_what_it_earned_labelled_realised():
    figures = f.customer_figures(
        revenue=D("300"),
        cost=D("120"),
        account_months=D("3"),
        monthly_churn=D("0.05"),
        monthly_discount=D("0.01"),
        cac=D("90"),
        churned=True,
    )

    assert (figures.ltv, figures.ltv_basis, figures.discounted_ltv) == (D("180"), "realised", None)
    assert figures.ltv_to_cac == D("2.0000")
    assert figures.arpa == D("100")


def test_feature_roi_leaves_requests_of_unknown_cost_out_of_its_ratios():
    # 100 requests, 20 of unknown cost: $8 of variable cost is for 80 ($0.10 each), $2 fixed,
    # $30 of revenue. The ratios take $0.10 for each of the 100: $10 + $2 = $12 of cost.
    roi = f.feature_roi(
        variable_cost=D("8"),
        fixed_cost=D("2"),
        requests=100,
        revenue=D("30"),
        unpriced_requests=20,
    )

    assert (roi.variable_cost, roi.total_cost, roi.net) == (D("8"), D("10"), D("20"))
    assert roi.unpriced_requests == 20
    assert roi.roi_pct == D("150.0000")  # (30 - 12) / 12, not (30 - 10) / 10 = 200 %
    assert (roi.cost_per_request, roi.net_per_request) == (D("0.12000000"), D("0.18000000"))
    assert roi.fixed_cost_per_request == D("0.02000000")
