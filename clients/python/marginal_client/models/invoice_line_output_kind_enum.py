from enum import StrEnum


class InvoiceLineOutputKindEnum(StrEnum):
    ADJUSTMENT = "adjustment"
    FLAT_FEE = "flat_fee"
    INCLUDED = "included"
    MINIMUM = "minimum"
    TIER_FLAT = "tier_flat"
    USAGE = "usage"

    def __str__(self) -> str:
        return str(self.value)
