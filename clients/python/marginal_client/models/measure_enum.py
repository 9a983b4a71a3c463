from enum import StrEnum


class MeasureEnum(StrEnum):
    COST = "cost"
    MARGIN = "margin"
    SPEND = "spend"

    def __str__(self) -> str:
        return str(self.value)
