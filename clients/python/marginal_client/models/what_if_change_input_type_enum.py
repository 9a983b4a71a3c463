from enum import StrEnum


class WhatIfChangeInputTypeEnum(StrEnum):
    CACHED_INPUT_SHARE = "cached_input_share"
    GPU_RATE = "gpu_rate"
    MODEL = "model"
    OUTPUT_TOKENS = "output_tokens"
    RETIRE = "retire"
    RETRIEVAL_CALLS = "retrieval_calls"

    def __str__(self) -> str:
        return str(self.value)
