from enum import StrEnum


class ScopesEnum(StrEnum):
    ADMIN = "admin"
    INGEST = "ingest"
    READ = "read"
    WRITE = "write"

    def __str__(self) -> str:
        return str(self.value)
