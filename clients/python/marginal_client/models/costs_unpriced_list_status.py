from enum import StrEnum


class CostsUnpricedListStatus(StrEnum):
    PENDING = "pending"
    UNPRICED = "unpriced"

    def __str__(self) -> str:
        return str(self.value)
