from enum import StrEnum


class ModelPricesImportSource(StrEnum):
    LITELLM = "litellm"

    def __str__(self) -> str:
        return str(self.value)
