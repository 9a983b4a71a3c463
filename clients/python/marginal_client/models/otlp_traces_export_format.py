from enum import StrEnum


class OtlpTracesExportFormat(StrEnum):
    JSON = "json"
    PROTOBUF = "protobuf"

    def __str__(self) -> str:
        return str(self.value)
