from enum import StrEnum


class CrossingClassOutputStatusEnum(StrEnum):
    FORECAST = "forecast"
    INSUFFICIENT_HISTORY = "insufficient_history"
    UNPRICED = "unpriced"

    def __str__(self) -> str:
        return str(self.value)
