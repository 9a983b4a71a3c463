"""What a re-engineer what-if changes: the events' usage and the cost book, in memory.

Pure functions over Decimals, no ORM. A change applies to one request class, or to every
class when `request_class` is None:

* ``model``: the class runs on another model (and provider);
* ``cached_input_share``: this share of the prompt's input tokens (input + cached input) is
  served from the cache, rounded half-up to a whole token per event;
* ``output_tokens``: output tokens change by a percentage (-30: 30 % fewer), rounded half-up
  to a whole token per event;
* ``retrieval_calls``: this many retrieval calls per request;
* ``gpu_rate``: a GPU type costs this many USD per GPU-hour (every class, every moment);
* ``retire``: the class is dropped (see whatif.py).

The changed usage is costed by the cost book's own code (``event_costs.event_cost``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from economics.costs import costing

HUNDRED = Decimal(100)

MODEL = "model"
CACHED_INPUT_SHARE = "cached_input_share"
OUTPUT_TOKENS = "output_tokens"
RETRIEVAL_CALLS = "retrieval_calls"
GPU_RATE = "gpu_rate"
RETIRE = "retire"
KINDS = (MODEL, CACHED_INPUT_SHARE, OUTPUT_TOKENS, RETRIEVAL_CALLS, GPU_RATE, RETIRE)
COST_KINDS = (MODEL, CACHED_INPUT_SHARE, OUTPUT_TOKENS, RETRIEVAL_CALLS, GPU_RATE)


@dataclass(frozen=True, slots=True)
class Change:
    """One change of a what-if (see the module docstring for the kinds)."""

    kind: str
    request_class: str | None = None  # None: every class
    model: str = ""
    provider: str = ""
    share: Decimal | None = None  # cached_input_share, 0-1
    percent: Decimal | None = None  # output_tokens, e.g. -30
    per_request: Decimal | None = None  # retrieval_calls per request
    gpu_type: str = ""
    usd_per_gpu_hour: Decimal | None = None
    remove_fixed_costs: bool = False  # retire

    def applies_to(self, request_class: str) -> bool:
        return self.request_class is None or self.request_class == request_class

    def as_data(self) -> dict[str, Any]:
        """Return the change as JSON-ready data (amounts as strings), only the fields it uses."""
        data: dict[str, Any] = {"type": self.kind, "request_class": self.request_class}
        if self.kind == MODEL:
            data.update(model=self.model, provider=self.provider)
        elif self.kind == CACHED_INPUT_SHARE:
            data["share"] = str(self.share)
        elif self.kind == OUTPUT_TOKENS:
            data["percent"] = str(self.percent)
        elif self.kind == RETRIEVAL_CALLS:
            data["per_request"] = str(self.per_request)
        elif self.kind == GPU_RATE:
            data.update(gpu_type=self.gpu_type, usd_per_gpu_hour=str(self.usd_per_gpu_hour))
        elif self.kind == RETIRE:
            data["remove_fixed_costs"] = self.remove_fixed_costs
        return data


def change_from_data(data: Mapping[str, Any]) -> Change:
    """Return the change stored by ``Change.as_data``."""

    def dec(name: str) -> Decimal | None:
        value = data.get(name)
        return None if value is None else Decimal(str(value))

    return Change(
        kind=str(data["type"]),
        request_class=data.get("request_class"),
        model=str(data.get("model") or ""),
        provider=str(data.get("provider") or ""),
        share=dec("share"),
        percent=dec("percent"),
        per_request=dec("per_request"),
        gpu_type=str(data.get("gpu_type") or ""),
        usd_per_gpu_hour=dec("usd_per_gpu_hour"),
        remove_fixed_costs=bool(data.get("remove_fixed_costs")),
    )


def retired(changes: Iterable[Change]) -> dict[str, Change]:
    """Return the retire changes by request class."""
    return {c.request_class: c for c in changes if c.kind == RETIRE and c.request_class}


def recosted_classes(changes: Sequence[Change]) -> set[str] | None:
    """Return the classes whose events a cost change touches; None means every class."""
    found: set[str] = set()
    for change in changes:
        if change.kind not in COST_KINDS:
            continue
        if change.kind == GPU_RATE or change.request_class is None:
            return None
        found.add(change.request_class)
    return found


def _whole(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


Shape = tuple[str, str, int, int, int, int]  # model, provider, input, cached, output, retrieval


def changed_shape(
    shape: Shape, requests: int, request_class: str, changes: Sequence[Change]
) -> Shape:
    """Return one event's (model, provider, input, cached input, output, retrieval calls)
    with the usage changes that apply to its class."""
    model, provider, input_tokens, cached, output, retrieval = shape
    for change in changes:
        if not change.applies_to(request_class):
            continue
        if change.kind == MODEL:
            model, provider = change.model, change.provider
        elif change.kind == CACHED_INPUT_SHARE and change.share is not None:
            prompt = input_tokens + cached
            cached = _whole(prompt * change.share)
            input_tokens = prompt - cached
        elif change.kind == OUTPUT_TOKENS and change.percent is not None:
            output = _whole(output * (HUNDRED + change.percent) / HUNDRED)
        elif change.kind == RETRIEVAL_CALLS and change.per_request is not None:
            retrieval = _whole(change.per_request * requests)
    return model, provider, input_tokens, cached, output, retrieval


class ChangedBook:
    """A price book with some GPU rates replaced; every other price resolves as in the book."""

    def __init__(self, book: Any, changes: Sequence[Change]) -> None:
        self._book = book
        self._gpu = {
            c.gpu_type.lower(): costing.GpuRate(usd_per_gpu_hour=c.usd_per_gpu_hour)
            for c in changes
            if c.kind == GPU_RATE and c.usd_per_gpu_hour is not None
        }

    def model_price(
        self, *, model: str, provider: str, moment: dt.datetime
    ) -> tuple[costing.ModelPrice | None, str]:
        result: tuple[costing.ModelPrice | None, str] = self._book.model_price(
            model=model, provider=provider, moment=moment
        )
        return result

    def gpu_rate(self, *, gpu_type: str, moment: dt.datetime) -> costing.GpuRate | None:
        changed = self._gpu.get(gpu_type.lower())
        if changed is not None:
            return changed
        rate: costing.GpuRate | None = self._book.gpu_rate(gpu_type=gpu_type, moment=moment)
        return rate

    def service_rates(
        self, *, services: Iterable[str], moment: dt.datetime
    ) -> dict[str, costing.ServiceRate]:
        rates: dict[str, costing.ServiceRate] = self._book.service_rates(
            services=services, moment=moment
        )
        return rates
