from enum import StrEnum


class PriceModelEnum(StrEnum):
    GRADUATED = "graduated"
    PACKAGE = "package"
    PERCENTAGE = "percentage"
    PER_UNIT = "per_unit"
    VOLUME = "volume"

    def __str__(self) -> str:
        return str(self.value)
