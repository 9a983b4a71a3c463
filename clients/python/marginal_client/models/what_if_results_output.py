from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.what_if_candidate_output import WhatIfCandidateOutput
    from ..models.what_if_class_output import WhatIfClassOutput
    from ..models.what_if_customer_output import WhatIfCustomerOutput
    from ..models.what_if_fixed_costs_output import WhatIfFixedCostsOutput
    from ..models.what_if_results_output_changes_item import (
        WhatIfResultsOutputChangesItem,
    )


T = TypeVar("T", bound="WhatIfResultsOutput")


@_attrs_define
class WhatIfResultsOutput:
    """
    Attributes:
        currency (str): ISO 4217 currency of every amount here (costs are recorded in USD).
        months (list[str]):
        changes (list[WhatIfResultsOutputChangesItem]): As resolved.
        candidate (None | WhatIfCandidateOutput):
        request_classes (list[WhatIfClassOutput]):
        blended (WhatIfClassOutput):
        fixed_costs (WhatIfFixedCostsOutput):
        customers (list[WhatIfCustomerOutput]): The customers whose margin moves most, largest first.
    """

    currency: str
    months: list[str]
    changes: list[WhatIfResultsOutputChangesItem]
    candidate: None | WhatIfCandidateOutput
    request_classes: list[WhatIfClassOutput]
    blended: WhatIfClassOutput
    fixed_costs: WhatIfFixedCostsOutput
    customers: list[WhatIfCustomerOutput]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.what_if_candidate_output import WhatIfCandidateOutput

        currency = self.currency

        months = self.months

        changes = []
        for changes_item_data in self.changes:
            changes_item = changes_item_data.to_dict()
            changes.append(changes_item)

        candidate: dict[str, Any] | None
        if isinstance(self.candidate, WhatIfCandidateOutput):
            candidate = self.candidate.to_dict()
        else:
            candidate = self.candidate

        request_classes = []
        for request_classes_item_data in self.request_classes:
            request_classes_item = request_classes_item_data.to_dict()
            request_classes.append(request_classes_item)

        blended = self.blended.to_dict()

        fixed_costs = self.fixed_costs.to_dict()

        customers = []
        for customers_item_data in self.customers:
            customers_item = customers_item_data.to_dict()
            customers.append(customers_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "currency": currency,
                "months": months,
                "changes": changes,
                "candidate": candidate,
                "request_classes": request_classes,
                "blended": blended,
                "fixed_costs": fixed_costs,
                "customers": customers,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.what_if_candidate_output import WhatIfCandidateOutput
        from ..models.what_if_class_output import WhatIfClassOutput
        from ..models.what_if_customer_output import WhatIfCustomerOutput
        from ..models.what_if_fixed_costs_output import WhatIfFixedCostsOutput
        from ..models.what_if_results_output_changes_item import (
            WhatIfResultsOutputChangesItem,
        )

        d = dict(src_dict)
        currency = d.pop("currency")

        months = cast(list[str], d.pop("months"))

        changes = []
        _changes = d.pop("changes")
        for changes_item_data in _changes:
            changes_item = WhatIfResultsOutputChangesItem.from_dict(changes_item_data)

            changes.append(changes_item)

        def _parse_candidate(data: object) -> None | WhatIfCandidateOutput:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                candidate_type_1 = WhatIfCandidateOutput.from_dict(data)

                return candidate_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | WhatIfCandidateOutput, data)

        candidate = _parse_candidate(d.pop("candidate"))

        request_classes = []
        _request_classes = d.pop("request_classes")
        for request_classes_item_data in _request_classes:
            request_classes_item = WhatIfClassOutput.from_dict(
                request_classes_item_data
            )

            request_classes.append(request_classes_item)

        blended = WhatIfClassOutput.from_dict(d.pop("blended"))

        fixed_costs = WhatIfFixedCostsOutput.from_dict(d.pop("fixed_costs"))

        customers = []
        _customers = d.pop("customers")
        for customers_item_data in _customers:
            customers_item = WhatIfCustomerOutput.from_dict(customers_item_data)

            customers.append(customers_item)

        what_if_results_output = cls(
            currency=currency,
            months=months,
            changes=changes,
            candidate=candidate,
            request_classes=request_classes,
            blended=blended,
            fixed_costs=fixed_costs,
            customers=customers,
        )

        what_if_results_output.additional_properties = d
        return what_if_results_output

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
