from enum import StrEnum


class FixedCostsListCategory(StrEnum):
    DATA_LABELLING = "data_labelling"
    MAINTENANCE = "maintenance"
    OTHER = "other"
    RESERVED_CAPACITY = "reserved_capacity"
    TRAINING = "training"

    def __str__(self) -> str:
        return str(self.value)
