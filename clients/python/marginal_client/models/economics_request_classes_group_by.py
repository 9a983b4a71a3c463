from enum import StrEnum


class EconomicsRequestClassesGroupBy(StrEnum):
    MODEL = "model"
    REQUEST_CLASS = "request_class"

    def __str__(self) -> str:
        return str(self.value)
