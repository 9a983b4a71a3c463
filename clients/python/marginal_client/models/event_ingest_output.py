from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.event_verdict import EventVerdict


T = TypeVar("T", bound="EventIngestOutput")


@_attrs_define
class EventIngestOutput:
    """
    Attributes:
        accepted (int): Events stored by this request.
        duplicate (int): Events already stored with this payload.
        conflict (int): Events whose event_id is stored with another payload (left unchanged).
        rejected (int): Invalid events (see results).
        customers_created (int):
        created_customer_ids (list[str]):
        results (list[EventVerdict]): One entry per event that was not plainly accepted.
    """

    accepted: int
    duplicate: int
    conflict: int
    rejected: int
    customers_created: int
    created_customer_ids: list[str]
    results: list[EventVerdict]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        accepted = self.accepted

        duplicate = self.duplicate

        conflict = self.conflict

        rejected = self.rejected

        customers_created = self.customers_created

        created_customer_ids = self.created_customer_ids

        results = []
        for results_item_data in self.results:
            results_item = results_item_data.to_dict()
            results.append(results_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "accepted": accepted,
                "duplicate": duplicate,
                "conflict": conflict,
                "rejected": rejected,
                "customers_created": customers_created,
                "created_customer_ids": created_customer_ids,
                "results": results,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.event_verdict import EventVerdict

        d = dict(src_dict)
        accepted = d.pop("accepted")

        duplicate = d.pop("duplicate")

        conflict = d.pop("conflict")

        rejected = d.pop("rejected")

        customers_created = d.pop("customers_created")

        created_customer_ids = cast(list[str], d.pop("created_customer_ids"))

        results = []
        _results = d.pop("results")
        for results_item_data in _results:
            results_item = EventVerdict.from_dict(results_item_data)

            results.append(results_item)

        event_ingest_output = cls(
            accepted=accepted,
            duplicate=duplicate,
            conflict=conflict,
            rejected=rejected,
            customers_created=customers_created,
            created_customer_ids=created_customer_ids,
            results=results,
        )

        event_ingest_output.additional_properties = d
        return event_ingest_output

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
