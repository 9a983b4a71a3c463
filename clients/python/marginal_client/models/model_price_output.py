from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.origin_enum import OriginEnum

if TYPE_CHECKING:
    from ..models.long_context import LongContext


T = TypeVar("T", bound="ModelPriceOutput")


@_attrs_define
class ModelPriceOutput:
    """
    Attributes:
        id (int):
        provider (str):
        model (str):
        aliases (Any):
        patterns (Any):
        valid_from (datetime.datetime):
        currency (str):
        input_per_1m (str):  Example: 2.5.
        cached_input_per_1m (None | str):  Example: 2.5.
        cache_write_per_1m (None | str):  Example: 2.5.
        output_per_1m (str):  Example: 2.5.
        reasoning_per_1m (None | str):  Example: 2.5.
        request_fee (None | str):  Example: 2.5.
        long_context (LongContext | None):
        origin (OriginEnum): * `catalog` - Shipped catalog
            * `manual` - Set through the API or admin
            * `litellm` - Imported from a LiteLLM price map
        catalog (bool):
        source (str):
        as_of (datetime.date | None):
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
    """

    id: int
    provider: str
    model: str
    aliases: Any
    patterns: Any
    valid_from: datetime.datetime
    currency: str
    input_per_1m: str
    cached_input_per_1m: None | str
    cache_write_per_1m: None | str
    output_per_1m: str
    reasoning_per_1m: None | str
    request_fee: None | str
    long_context: LongContext | None
    origin: OriginEnum
    catalog: bool
    source: str
    as_of: datetime.date | None
    created_at: datetime.datetime
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.long_context import LongContext

        id = self.id

        provider = self.provider

        model = self.model

        aliases = self.aliases

        patterns = self.patterns

        valid_from = self.valid_from.isoformat()

        currency = self.currency

        input_per_1m = self.input_per_1m

        cached_input_per_1m: None | str
        cached_input_per_1m = self.cached_input_per_1m

        cache_write_per_1m: None | str
        cache_write_per_1m = self.cache_write_per_1m

        output_per_1m = self.output_per_1m

        reasoning_per_1m: None | str
        reasoning_per_1m = self.reasoning_per_1m

        request_fee: None | str
        request_fee = self.request_fee

        long_context: dict[str, Any] | None
        if isinstance(self.long_context, LongContext):
            long_context = self.long_context.to_dict()
        else:
            long_context = self.long_context

        origin = self.origin.value

        catalog = self.catalog

        source = self.source

        as_of: None | str
        if isinstance(self.as_of, datetime.date):
            as_of = self.as_of.isoformat()
        else:
            as_of = self.as_of

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "provider": provider,
                "model": model,
                "aliases": aliases,
                "patterns": patterns,
                "valid_from": valid_from,
                "currency": currency,
                "input_per_1m": input_per_1m,
                "cached_input_per_1m": cached_input_per_1m,
                "cache_write_per_1m": cache_write_per_1m,
                "output_per_1m": output_per_1m,
                "reasoning_per_1m": reasoning_per_1m,
                "request_fee": request_fee,
                "long_context": long_context,
                "origin": origin,
                "catalog": catalog,
                "source": source,
                "as_of": as_of,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.long_context import LongContext

        d = dict(src_dict)
        id = d.pop("id")

        provider = d.pop("provider")

        model = d.pop("model")

        aliases = d.pop("aliases")

        patterns = d.pop("patterns")

        valid_from = datetime.datetime.fromisoformat(d.pop("valid_from"))

        currency = d.pop("currency")

        input_per_1m = d.pop("input_per_1m")

        def _parse_cached_input_per_1m(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        cached_input_per_1m = _parse_cached_input_per_1m(d.pop("cached_input_per_1m"))

        def _parse_cache_write_per_1m(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        cache_write_per_1m = _parse_cache_write_per_1m(d.pop("cache_write_per_1m"))

        output_per_1m = d.pop("output_per_1m")

        def _parse_reasoning_per_1m(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reasoning_per_1m = _parse_reasoning_per_1m(d.pop("reasoning_per_1m"))

        def _parse_request_fee(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        request_fee = _parse_request_fee(d.pop("request_fee"))

        def _parse_long_context(data: object) -> LongContext | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                long_context_type_1 = LongContext.from_dict(data)

                return long_context_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(LongContext | None, data)

        long_context = _parse_long_context(d.pop("long_context"))

        origin = OriginEnum(d.pop("origin"))

        catalog = d.pop("catalog")

        source = d.pop("source")

        def _parse_as_of(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                as_of_type_0 = datetime.date.fromisoformat(data)

                return as_of_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        as_of = _parse_as_of(d.pop("as_of"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        model_price_output = cls(
            id=id,
            provider=provider,
            model=model,
            aliases=aliases,
            patterns=patterns,
            valid_from=valid_from,
            currency=currency,
            input_per_1m=input_per_1m,
            cached_input_per_1m=cached_input_per_1m,
            cache_write_per_1m=cache_write_per_1m,
            output_per_1m=output_per_1m,
            reasoning_per_1m=reasoning_per_1m,
            request_fee=request_fee,
            long_context=long_context,
            origin=origin,
            catalog=catalog,
            source=source,
            as_of=as_of,
            created_at=created_at,
            updated_at=updated_at,
        )

        model_price_output.additional_properties = d
        return model_price_output

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
