from enum import StrEnum


class TypeEnum(StrEnum):
    FLAT_FEE = "flat_fee"
    MINIMUM = "minimum"
    USAGE = "usage"

    def __str__(self) -> str:
        return str(self.value)
