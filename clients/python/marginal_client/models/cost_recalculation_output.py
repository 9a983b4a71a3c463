from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.cost_recalculation_output_status_enum import (
    CostRecalculationOutputStatusEnum,
)

T = TypeVar("T", bound="CostRecalculationOutput")


@_attrs_define
class CostRecalculationOutput:
    """
    Attributes:
        id (int):
        start (datetime.datetime):
        end (datetime.datetime):
        model (str):
        only_unpriced (bool):
        reason (str):
        requested_by (str):
        status (CostRecalculationOutputStatusEnum): * `queued` - Queued
            * `running` - Running
            * `done` - Done
            * `failed` - Failed
        events_seen (int):
        events_changed (int):
        events_unpriced (int):
        currency (str):
        cost_total_before (str):  Example: 2.5.
        cost_total_after (str):  Example: 2.5.
        error (str):
        created_at (datetime.datetime):
        finished_at (datetime.datetime | None):
    """

    id: int
    start: datetime.datetime
    end: datetime.datetime
    model: str
    only_unpriced: bool
    reason: str
    requested_by: str
    status: CostRecalculationOutputStatusEnum
    events_seen: int
    events_changed: int
    events_unpriced: int
    currency: str
    cost_total_before: str
    cost_total_after: str
    error: str
    created_at: datetime.datetime
    finished_at: datetime.datetime | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        start = self.start.isoformat()

        end = self.end.isoformat()

        model = self.model

        only_unpriced = self.only_unpriced

        reason = self.reason

        requested_by = self.requested_by

        status = self.status.value

        events_seen = self.events_seen

        events_changed = self.events_changed

        events_unpriced = self.events_unpriced

        currency = self.currency

        cost_total_before = self.cost_total_before

        cost_total_after = self.cost_total_after

        error = self.error

        created_at = self.created_at.isoformat()

        finished_at: None | str
        if isinstance(self.finished_at, datetime.datetime):
            finished_at = self.finished_at.isoformat()
        else:
            finished_at = self.finished_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "start": start,
                "end": end,
                "model": model,
                "only_unpriced": only_unpriced,
                "reason": reason,
                "requested_by": requested_by,
                "status": status,
                "events_seen": events_seen,
                "events_changed": events_changed,
                "events_unpriced": events_unpriced,
                "currency": currency,
                "cost_total_before": cost_total_before,
                "cost_total_after": cost_total_after,
                "error": error,
                "created_at": created_at,
                "finished_at": finished_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = d.pop("id")

        start = datetime.datetime.fromisoformat(d.pop("start"))

        end = datetime.datetime.fromisoformat(d.pop("end"))

        model = d.pop("model")

        only_unpriced = d.pop("only_unpriced")

        reason = d.pop("reason")

        requested_by = d.pop("requested_by")

        status = CostRecalculationOutputStatusEnum(d.pop("status"))

        events_seen = d.pop("events_seen")

        events_changed = d.pop("events_changed")

        events_unpriced = d.pop("events_unpriced")

        currency = d.pop("currency")

        cost_total_before = d.pop("cost_total_before")

        cost_total_after = d.pop("cost_total_after")

        error = d.pop("error")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_finished_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                finished_at_type_0 = datetime.datetime.fromisoformat(data)

                return finished_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        finished_at = _parse_finished_at(d.pop("finished_at"))

        cost_recalculation_output = cls(
            id=id,
            start=start,
            end=end,
            model=model,
            only_unpriced=only_unpriced,
            reason=reason,
            requested_by=requested_by,
            status=status,
            events_seen=events_seen,
            events_changed=events_changed,
            events_unpriced=events_unpriced,
            currency=currency,
            cost_total_before=cost_total_before,
            cost_total_after=cost_total_after,
            error=error,
            created_at=created_at,
            finished_at=finished_at,
        )

        cost_recalculation_output.additional_properties = d
        return cost_recalculation_output

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
