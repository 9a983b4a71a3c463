from enum import StrEnum


class LtvBasisEnum(StrEnum):
    CHURN = "churn"
    DISCOUNTED = "discounted"

    def __str__(self) -> str:
        return str(self.value)
