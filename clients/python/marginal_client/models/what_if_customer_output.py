from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.what_if_customer_side_output import WhatIfCustomerSideOutput


T = TypeVar("T", bound="WhatIfCustomerOutput")


@_attrs_define
class WhatIfCustomerOutput:
    """
    Attributes:
        customer_id (str):
        margin_change (str): After minus before, to the cent.
        before (WhatIfCustomerSideOutput):
        after (WhatIfCustomerSideOutput):
    """

    customer_id: str
    margin_change: str
    before: WhatIfCustomerSideOutput
    after: WhatIfCustomerSideOutput
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        customer_id = self.customer_id

        margin_change = self.margin_change

        before = self.before.to_dict()

        after = self.after.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "customer_id": customer_id,
                "margin_change": margin_change,
                "before": before,
                "after": after,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.what_if_customer_side_output import WhatIfCustomerSideOutput

        d = dict(src_dict)
        customer_id = d.pop("customer_id")

        margin_change = d.pop("margin_change")

        before = WhatIfCustomerSideOutput.from_dict(d.pop("before"))

        after = WhatIfCustomerSideOutput.from_dict(d.pop("after"))

        what_if_customer_output = cls(
            customer_id=customer_id,
            margin_change=margin_change,
            before=before,
            after=after,
        )

        what_if_customer_output.additional_properties = d
        return what_if_customer_output

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
