from enum import StrEnum


class GroupedByEnum(StrEnum):
    MODEL = "model"
    REQUEST_CLASS = "request_class"

    def __str__(self) -> str:
        return str(self.value)
