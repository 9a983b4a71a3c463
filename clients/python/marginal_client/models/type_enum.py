from enum import StrEnum


class TypeEnum(StrEnum):
    COST_PLUS = "cost_plus"
    FLAT_FEE = "flat_fee"
    MINIMUM = "minimum"
    USAGE = "usage"

    def __str__(self) -> str:
        return str(self.value)
