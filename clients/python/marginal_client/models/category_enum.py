from enum import StrEnum


class CategoryEnum(StrEnum):
    DATA_LABELLING = "data_labelling"
    MAINTENANCE = "maintenance"
    OTHER = "other"
    RESERVED_CAPACITY = "reserved_capacity"
    TRAINING = "training"

    def __str__(self) -> str:
        return str(self.value)
