"""The crossing point's alert: a class forecast to cross from margin-positive to a loss.

Raised at most once per class and calendar month of the forecast's `as_of` (the dedup key
`margin_crossing:<class>:<YYYY-MM>`), so a daily check that keeps finding the same crossing
does not raise it again; a class still forecast to cross next month is raised once more then.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from economics.alerts.models import Alert
from economics.alerts.services import alert_raise
from economics.dates import instant
from economics.decisions.crossing import MAX_MONTHS, RECENT_DAYS, ClassForecast
from economics.decisions.selectors import crossing_report
from economics.margins.formulas import plain
from metering.models import Tenant


def crossing_alerts_raise(*, tenant: Tenant, as_of: date) -> list[Alert]:
    """Forecast the tenant's classes from `as_of` and raise each new crossing once."""
    report = crossing_report(tenant=tenant, as_of=as_of, months=MAX_MONTHS)
    raised = []
    for forecast in report["classes"]:  # type: ignore[attr-defined]
        assert isinstance(forecast, ClassForecast)
        if not forecast.crosses or forecast.crossing_date is None:
            continue
        margin = forecast.recent["margin_per_request"]
        assert isinstance(margin, Decimal)
        name = forecast.request_class
        alert = alert_raise(
            tenant=tenant,
            kind=Alert.Kind.MARGIN_CROSSING,
            dedup_key=f"margin_crossing:{name}:{as_of:%Y-%m}",
            window_start=instant(as_of),
            window_end=instant(forecast.crossing_date),
            observed=margin,
            threshold=Decimal(0),
            request_class=name,
            message=(
                f"{name}: margin per request {plain(margin)} USD over the last {RECENT_DAYS} "
                f"days is forecast to turn negative on {forecast.crossing_date} "
                "(Holt's linear trend on cost and revenue per request)."
            ),
        )
        if alert is not None:
            raised.append(alert)
    return raised
