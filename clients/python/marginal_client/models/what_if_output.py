from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.simulation_status_enum import SimulationStatusEnum

if TYPE_CHECKING:
    from ..models.what_if_results_output import WhatIfResultsOutput


T = TypeVar("T", bound="WhatIfOutput")


@_attrs_define
class WhatIfOutput:
    """
    Attributes:
        what_if_id (UUID):
        name (str):
        status (SimulationStatusEnum): * `queued` - Queued
            * `running` - Running
            * `succeeded` - Succeeded
            * `failed` - Failed
        progress (int): Percent done, 0-100.
        start_month (str):
        end_month (str):
        results (None | WhatIfResultsOutput):
        error (str):
        created_at (datetime.datetime):
        started_at (datetime.datetime | None):
        finished_at (datetime.datetime | None):
    """

    what_if_id: UUID
    name: str
    status: SimulationStatusEnum
    progress: int
    start_month: str
    end_month: str
    results: None | WhatIfResultsOutput
    error: str
    created_at: datetime.datetime
    started_at: datetime.datetime | None
    finished_at: datetime.datetime | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.what_if_results_output import WhatIfResultsOutput

        what_if_id = str(self.what_if_id)

        name = self.name

        status = self.status.value

        progress = self.progress

        start_month = self.start_month

        end_month = self.end_month

        results: dict[str, Any] | None
        if isinstance(self.results, WhatIfResultsOutput):
            results = self.results.to_dict()
        else:
            results = self.results

        error = self.error

        created_at = self.created_at.isoformat()

        started_at: None | str
        if isinstance(self.started_at, datetime.datetime):
            started_at = self.started_at.isoformat()
        else:
            started_at = self.started_at

        finished_at: None | str
        if isinstance(self.finished_at, datetime.datetime):
            finished_at = self.finished_at.isoformat()
        else:
            finished_at = self.finished_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "what_if_id": what_if_id,
                "name": name,
                "status": status,
                "progress": progress,
                "start_month": start_month,
                "end_month": end_month,
                "results": results,
                "error": error,
                "created_at": created_at,
                "started_at": started_at,
                "finished_at": finished_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.what_if_results_output import WhatIfResultsOutput

        d = dict(src_dict)
        what_if_id = UUID(d.pop("what_if_id"))

        name = d.pop("name")

        status = SimulationStatusEnum(d.pop("status"))

        progress = d.pop("progress")

        start_month = d.pop("start_month")

        end_month = d.pop("end_month")

        def _parse_results(data: object) -> None | WhatIfResultsOutput:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                results_type_1 = WhatIfResultsOutput.from_dict(data)

                return results_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | WhatIfResultsOutput, data)

        results = _parse_results(d.pop("results"))

        error = d.pop("error")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_started_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                started_at_type_0 = datetime.datetime.fromisoformat(data)

                return started_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        started_at = _parse_started_at(d.pop("started_at"))

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

        what_if_output = cls(
            what_if_id=what_if_id,
            name=name,
            status=status,
            progress=progress,
            start_month=start_month,
            end_month=end_month,
            results=results,
            error=error,
            created_at=created_at,
            started_at=started_at,
            finished_at=finished_at,
        )

        what_if_output.additional_properties = d
        return what_if_output

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
