from enum import StrEnum


class EventVerdictStatusEnum(StrEnum):
    CONFLICT = "conflict"
    DUPLICATE = "duplicate"
    REJECTED = "rejected"

    def __str__(self) -> str:
        return str(self.value)
