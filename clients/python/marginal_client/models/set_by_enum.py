from enum import StrEnum


class SetByEnum(StrEnum):
    CUSTOMER = "customer"
    DEFAULT = "default"
    TENANT = "tenant"

    def __str__(self) -> str:
        return str(self.value)
