from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="LongContext")


@_attrs_define
class LongContext:
    """
    Attributes:
        threshold_tokens (int): Above this many prompt tokens (input + cached + cache write) the rates below apply to
            the whole request.
        input_per_1m (str): USD per 1M input tokens above the threshold. Example: 2.5.
        output_per_1m (str): USD per 1M output tokens above the threshold. Example: 2.5.
        cached_input_per_1m (None | str | Unset): USD per 1M cached input tokens. Example: 2.5.
        cache_write_per_1m (None | str | Unset): USD per 1M cache write tokens. Example: 2.5.
        reasoning_per_1m (None | str | Unset): USD per 1M reasoning tokens. Example: 2.5.
    """

    threshold_tokens: int
    input_per_1m: str
    output_per_1m: str
    cached_input_per_1m: None | str | Unset = UNSET
    cache_write_per_1m: None | str | Unset = UNSET
    reasoning_per_1m: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        threshold_tokens = self.threshold_tokens

        input_per_1m = self.input_per_1m

        output_per_1m = self.output_per_1m

        cached_input_per_1m: None | str | Unset
        if isinstance(self.cached_input_per_1m, Unset):
            cached_input_per_1m = UNSET
        else:
            cached_input_per_1m = self.cached_input_per_1m

        cache_write_per_1m: None | str | Unset
        if isinstance(self.cache_write_per_1m, Unset):
            cache_write_per_1m = UNSET
        else:
            cache_write_per_1m = self.cache_write_per_1m

        reasoning_per_1m: None | str | Unset
        if isinstance(self.reasoning_per_1m, Unset):
            reasoning_per_1m = UNSET
        else:
            reasoning_per_1m = self.reasoning_per_1m

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "threshold_tokens": threshold_tokens,
                "input_per_1m": input_per_1m,
                "output_per_1m": output_per_1m,
            }
        )
        if cached_input_per_1m is not UNSET:
            field_dict["cached_input_per_1m"] = cached_input_per_1m
        if cache_write_per_1m is not UNSET:
            field_dict["cache_write_per_1m"] = cache_write_per_1m
        if reasoning_per_1m is not UNSET:
            field_dict["reasoning_per_1m"] = reasoning_per_1m

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        threshold_tokens = d.pop("threshold_tokens")

        input_per_1m = d.pop("input_per_1m")

        output_per_1m = d.pop("output_per_1m")

        def _parse_cached_input_per_1m(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        cached_input_per_1m = _parse_cached_input_per_1m(
            d.pop("cached_input_per_1m", UNSET)
        )

        def _parse_cache_write_per_1m(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        cache_write_per_1m = _parse_cache_write_per_1m(
            d.pop("cache_write_per_1m", UNSET)
        )

        def _parse_reasoning_per_1m(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reasoning_per_1m = _parse_reasoning_per_1m(d.pop("reasoning_per_1m", UNSET))

        long_context = cls(
            threshold_tokens=threshold_tokens,
            input_per_1m=input_per_1m,
            output_per_1m=output_per_1m,
            cached_input_per_1m=cached_input_per_1m,
            cache_write_per_1m=cache_write_per_1m,
            reasoning_per_1m=reasoning_per_1m,
        )

        long_context.additional_properties = d
        return long_context

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
