from enum import StrEnum


class AtEnum(StrEnum):
    NEXT_PERIOD = "next_period"
    NOW = "now"

    def __str__(self) -> str:
        return str(self.value)
