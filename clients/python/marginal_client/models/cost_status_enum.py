from enum import StrEnum


class CostStatusEnum(StrEnum):
    PENDING = "pending"
    PRICED = "priced"
    UNPRICED = "unpriced"

    def __str__(self) -> str:
        return str(self.value)
