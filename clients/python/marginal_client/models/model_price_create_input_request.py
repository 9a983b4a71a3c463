from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.long_context_request import LongContextRequest


T = TypeVar("T", bound="ModelPriceCreateInputRequest")


@_attrs_define
class ModelPriceCreateInputRequest:
    """
    Attributes:
        model (str):
        valid_from (datetime.datetime): In force from this instant until the next entry of the same provider + model.
        input_per_1m (str): USD per 1M input tokens. Example: 2.5.
        output_per_1m (str): USD per 1M output tokens. Example: 2.5.
        provider (str | Unset): e.g. openai. Default: ''.
        aliases (list[str] | Unset): Other exact model names priced by this entry.
        patterns (list[str] | Unset): Globs (* and ?) of model names, e.g. gpt-4o-20??-??-??.
        cached_input_per_1m (None | str | Unset): USD per 1M cached input tokens (default: input). Example: 2.5.
        cache_write_per_1m (None | str | Unset): USD per 1M cache write tokens (default: input). Example: 2.5.
        reasoning_per_1m (None | str | Unset): USD per 1M reasoning tokens (default: output). Example: 2.5.
        request_fee (None | str | Unset): USD per request, on top of tokens. Example: 2.5.
        long_context (LongContextRequest | None | Unset):
        source (str | Unset): Public URL of the price.
        as_of (datetime.date | None | Unset):
    """

    model: str
    valid_from: datetime.datetime
    input_per_1m: str
    output_per_1m: str
    provider: str | Unset = ""
    aliases: list[str] | Unset = UNSET
    patterns: list[str] | Unset = UNSET
    cached_input_per_1m: None | str | Unset = UNSET
    cache_write_per_1m: None | str | Unset = UNSET
    reasoning_per_1m: None | str | Unset = UNSET
    request_fee: None | str | Unset = UNSET
    long_context: LongContextRequest | None | Unset = UNSET
    source: str | Unset = UNSET
    as_of: datetime.date | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.long_context_request import LongContextRequest

        model = self.model

        valid_from = self.valid_from.isoformat()

        input_per_1m = self.input_per_1m

        output_per_1m = self.output_per_1m

        provider = self.provider

        aliases: list[str] | Unset = UNSET
        if not isinstance(self.aliases, Unset):
            aliases = self.aliases

        patterns: list[str] | Unset = UNSET
        if not isinstance(self.patterns, Unset):
            patterns = self.patterns

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

        request_fee: None | str | Unset
        if isinstance(self.request_fee, Unset):
            request_fee = UNSET
        else:
            request_fee = self.request_fee

        long_context: dict[str, Any] | None | Unset
        if isinstance(self.long_context, Unset):
            long_context = UNSET
        elif isinstance(self.long_context, LongContextRequest):
            long_context = self.long_context.to_dict()
        else:
            long_context = self.long_context

        source = self.source

        as_of: None | str | Unset
        if isinstance(self.as_of, Unset):
            as_of = UNSET
        elif isinstance(self.as_of, datetime.date):
            as_of = self.as_of.isoformat()
        else:
            as_of = self.as_of

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "model": model,
                "valid_from": valid_from,
                "input_per_1m": input_per_1m,
                "output_per_1m": output_per_1m,
            }
        )
        if provider is not UNSET:
            field_dict["provider"] = provider
        if aliases is not UNSET:
            field_dict["aliases"] = aliases
        if patterns is not UNSET:
            field_dict["patterns"] = patterns
        if cached_input_per_1m is not UNSET:
            field_dict["cached_input_per_1m"] = cached_input_per_1m
        if cache_write_per_1m is not UNSET:
            field_dict["cache_write_per_1m"] = cache_write_per_1m
        if reasoning_per_1m is not UNSET:
            field_dict["reasoning_per_1m"] = reasoning_per_1m
        if request_fee is not UNSET:
            field_dict["request_fee"] = request_fee
        if long_context is not UNSET:
            field_dict["long_context"] = long_context
        if source is not UNSET:
            field_dict["source"] = source
        if as_of is not UNSET:
            field_dict["as_of"] = as_of

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.long_context_request import LongContextRequest

        d = dict(src_dict)
        model = d.pop("model")

        valid_from = datetime.datetime.fromisoformat(d.pop("valid_from"))

        input_per_1m = d.pop("input_per_1m")

        output_per_1m = d.pop("output_per_1m")

        provider = d.pop("provider", UNSET)

        aliases = cast(list[str], d.pop("aliases", UNSET))

        patterns = cast(list[str], d.pop("patterns", UNSET))

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

        def _parse_request_fee(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        request_fee = _parse_request_fee(d.pop("request_fee", UNSET))

        def _parse_long_context(data: object) -> LongContextRequest | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                long_context_type_1 = LongContextRequest.from_dict(data)

                return long_context_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(LongContextRequest | None | Unset, data)

        long_context = _parse_long_context(d.pop("long_context", UNSET))

        source = d.pop("source", UNSET)

        def _parse_as_of(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                as_of_type_0 = datetime.date.fromisoformat(data)

                return as_of_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        as_of = _parse_as_of(d.pop("as_of", UNSET))

        model_price_create_input_request = cls(
            model=model,
            valid_from=valid_from,
            input_per_1m=input_per_1m,
            output_per_1m=output_per_1m,
            provider=provider,
            aliases=aliases,
            patterns=patterns,
            cached_input_per_1m=cached_input_per_1m,
            cache_write_per_1m=cache_write_per_1m,
            reasoning_per_1m=reasoning_per_1m,
            request_fee=request_fee,
            long_context=long_context,
            source=source,
            as_of=as_of,
        )

        model_price_create_input_request.additional_properties = d
        return model_price_create_input_request

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
