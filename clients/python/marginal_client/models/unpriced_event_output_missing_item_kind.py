from enum import StrEnum


class UnpricedEventOutputMissingItemKind(StrEnum):
    GPU = "gpu"
    MODEL = "model"
    SERVICE = "service"

    def __str__(self) -> str:
        return str(self.value)
