from enum import StrEnum


class MetricEnum(StrEnum):
    CACHED_INPUT_TOKENS = "cached_input_tokens"
    COST = "cost"
    GPU_SECONDS = "gpu_seconds"
    INPUT_TOKENS = "input_tokens"
    OUTCOMES = "outcomes"
    OUTCOME_VALUE = "outcome_value"
    OUTPUT_TOKENS = "output_tokens"
    REASONING_TOKENS = "reasoning_tokens"
    REQUESTS = "requests"
    RETRIEVAL_CALLS = "retrieval_calls"
    TOTAL_TOKENS = "total_tokens"

    def __str__(self) -> str:
        return str(self.value)
