from enum import StrEnum


class SimulationCustomersOutputModeEnum(StrEnum):
    ALL = "all"
    LIST = "list"
    PLAN_VERSION = "plan_version"

    def __str__(self) -> str:
        return str(self.value)
