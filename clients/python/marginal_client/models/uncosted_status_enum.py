from enum import StrEnum


class UncostedStatusEnum(StrEnum):
    PENDING = "pending"
    UNPRICED = "unpriced"

    def __str__(self) -> str:
        return str(self.value)
