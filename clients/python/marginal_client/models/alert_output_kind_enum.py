from enum import StrEnum


class AlertOutputKindEnum(StrEnum):
    CLASS_SPEND_ANOMALY = "class_spend_anomaly"
    COST_PER_REQUEST = "cost_per_request"
    CUSTOMER_SPEND_ANOMALY = "customer_spend_anomaly"
    MARGIN = "margin"

    def __str__(self) -> str:
        return str(self.value)
