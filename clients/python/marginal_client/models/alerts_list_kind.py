from enum import StrEnum


class AlertsListKind(StrEnum):
    BUDGET_THRESHOLD = "budget_threshold"
    CLASS_SPEND_ANOMALY = "class_spend_anomaly"
    COST_PER_REQUEST = "cost_per_request"
    CREDITS_BALANCE_LOW = "credits_balance_low"
    CREDITS_RUNNING_OUT = "credits_running_out"
    CUSTOMER_SPEND_ANOMALY = "customer_spend_anomaly"
    INVOICE_PROJECTED = "invoice_projected"
    MARGIN = "margin"
    MARGIN_CROSSING = "margin_crossing"
    STRIPE_DIFFERENCE = "stripe_difference"
    STRIPE_METER_ERROR = "stripe_meter_error"

    def __str__(self) -> str:
        return str(self.value)
