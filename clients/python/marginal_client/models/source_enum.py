from enum import StrEnum


class SourceEnum(StrEnum):
    INVOICES = "invoices"
    UPCOMING = "upcoming"

    def __str__(self) -> str:
        return str(self.value)
