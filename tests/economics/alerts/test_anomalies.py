"""Spend anomalies: the median / MAD baseline and its fallbacks."""

from __future__ import annotations

from decimal import Decimal

from economics.alerts import anomalies as f

D = Decimal


def test_a_spend_spike_is_an_anomaly_against_the_median_mad_baseline():
    history = [D(x) for x in ("10", "11", "9", "10", "12", "10", "11")]

    spike = f.spend_anomaly(history, D("20"))
    normal = f.spend_anomaly(history, D("14"))

    assert (spike.median, spike.mad) == (D("10"), D("1"))
    assert spike.score == D("6.75")  # 10 x 0.6745 / 1
    assert spike.is_anomaly is True
    assert normal.score == D("2.70")
    assert normal.is_anomaly is False


def test_a_drop_in_spend_is_not_a_cost_anomaly():
    history = [D(x) for x in ("10", "11", "9", "10", "12", "10", "11")]

    assert f.spend_anomaly(history, D("0")).is_anomaly is False


def test_short_history_gives_no_verdict():
    verdict = f.spend_anomaly([D("1")] * 6, D("100"))

    assert verdict.is_anomaly is False
    assert verdict.score is None


def test_zero_mad_falls_back_to_mean_absolute_deviation():
    history = [D(x) for x in ("10", "10", "10", "10", "10", "20", "0")]

    verdict = f.spend_anomaly(history, D("30"))

    assert verdict.mad == D("0")
    assert verdict.score == D("5.59")  # 20 / (1.2533 x 20/7)
    assert verdict.is_anomaly is True


def test_a_flat_history_alerts_only_on_a_material_rise():
    history = [D("5")] * 7

    assert f.spend_anomaly(history, D("5.5")).is_anomaly is False
    assert f.spend_anomaly(history, D("7")).is_anomaly is True


def test_median_of_an_even_count_is_the_mean_of_the_middle_pair():
    assert f.median([D("4"), D("1"), D("3"), D("2")]) == D("2.5")
