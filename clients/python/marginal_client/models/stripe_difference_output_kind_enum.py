from enum import StrEnum


class StripeDifferenceOutputKindEnum(StrEnum):
    INVOICE_TOTAL = "invoice_total"
    METER_ERROR = "meter_error"
    METER_USAGE = "meter_usage"

    def __str__(self) -> str:
        return str(self.value)
