from enum import StrEnum


class PlanVersionStatusEnum(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    RETIRED = "retired"

    def __str__(self) -> str:
        return str(self.value)
