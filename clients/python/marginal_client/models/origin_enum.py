from enum import StrEnum


class OriginEnum(StrEnum):
    CATALOG = "catalog"
    LITELLM = "litellm"
    MANUAL = "manual"

    def __str__(self) -> str:
        return str(self.value)
