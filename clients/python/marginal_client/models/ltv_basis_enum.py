from enum import StrEnum


class LtvBasisEnum(StrEnum):
    CHURN = "churn"
    DISCOUNTED = "discounted"
    REALISED = "realised"

    def __str__(self) -> str:
        return str(self.value)
