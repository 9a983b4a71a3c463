from enum import StrEnum


class EconomicsCustomersListStatus(StrEnum):
    ACTIVE = "active"
    CHURNED = "churned"
    NEVER_ACTIVE = "never_active"

    def __str__(self) -> str:
        return str(self.value)
