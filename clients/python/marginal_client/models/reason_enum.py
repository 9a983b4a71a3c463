from enum import StrEnum


class ReasonEnum(StrEnum):
    COST_LIMIT = "cost_limit"
    INSUFFICIENT_CREDITS = "insufficient_credits"
    MARGIN_FLOOR = "margin_floor"
    OK = "ok"
    SPEND_LIMIT = "spend_limit"

    def __str__(self) -> str:
        return str(self.value)
