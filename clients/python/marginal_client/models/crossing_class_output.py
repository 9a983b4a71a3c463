from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.crossing_class_output_status_enum import CrossingClassOutputStatusEnum

if TYPE_CHECKING:
    from ..models.crossing_errors_output import CrossingErrorsOutput
    from ..models.crossing_period_output import CrossingPeriodOutput
    from ..models.crossing_recent_output import CrossingRecentOutput


T = TypeVar("T", bound="CrossingClassOutput")


@_attrs_define
class CrossingClassOutput:
    """
    Attributes:
        request_class (str):
        status (CrossingClassOutputStatusEnum): * `forecast` - forecast
            * `insufficient_history` - insufficient_history
            * `unpriced` - unpriced
        history_days (int):
        message (None | str):
        recent (CrossingRecentOutput):
        periods (list[CrossingPeriodOutput]):
        holdout_error (CrossingErrorsOutput | None):
        margin_negative_now (bool):
        crosses (bool): Margin-positive (or zero) now and forecast below zero within the horizon.
        crossing_date (datetime.date | None): The first day forecast below zero when it crosses.
    """

    request_class: str
    status: CrossingClassOutputStatusEnum
    history_days: int
    message: None | str
    recent: CrossingRecentOutput
    periods: list[CrossingPeriodOutput]
    holdout_error: CrossingErrorsOutput | None
    margin_negative_now: bool
    crosses: bool
    crossing_date: datetime.date | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.crossing_errors_output import CrossingErrorsOutput

        request_class = self.request_class

        status = self.status.value

        history_days = self.history_days

        message: None | str
        message = self.message

        recent = self.recent.to_dict()

        periods = []
        for periods_item_data in self.periods:
            periods_item = periods_item_data.to_dict()
            periods.append(periods_item)

        holdout_error: dict[str, Any] | None
        if isinstance(self.holdout_error, CrossingErrorsOutput):
            holdout_error = self.holdout_error.to_dict()
        else:
            holdout_error = self.holdout_error

        margin_negative_now = self.margin_negative_now

        crosses = self.crosses

        crossing_date: None | str
        if isinstance(self.crossing_date, datetime.date):
            crossing_date = self.crossing_date.isoformat()
        else:
            crossing_date = self.crossing_date

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "request_class": request_class,
                "status": status,
                "history_days": history_days,
                "message": message,
                "recent": recent,
                "periods": periods,
                "holdout_error": holdout_error,
                "margin_negative_now": margin_negative_now,
                "crosses": crosses,
                "crossing_date": crossing_date,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.crossing_errors_output import CrossingErrorsOutput
        from ..models.crossing_period_output import CrossingPeriodOutput
        from ..models.crossing_recent_output import CrossingRecentOutput

        d = dict(src_dict)
        request_class = d.pop("request_class")

        status = CrossingClassOutputStatusEnum(d.pop("status"))

        history_days = d.pop("history_days")

        def _parse_message(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        message = _parse_message(d.pop("message"))

        recent = CrossingRecentOutput.from_dict(d.pop("recent"))

        periods = []
        _periods = d.pop("periods")
        for periods_item_data in _periods:
            periods_item = CrossingPeriodOutput.from_dict(periods_item_data)

            periods.append(periods_item)

        def _parse_holdout_error(data: object) -> CrossingErrorsOutput | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                holdout_error_type_1 = CrossingErrorsOutput.from_dict(data)

                return holdout_error_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CrossingErrorsOutput | None, data)

        holdout_error = _parse_holdout_error(d.pop("holdout_error"))

        margin_negative_now = d.pop("margin_negative_now")

        crosses = d.pop("crosses")

        def _parse_crossing_date(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                crossing_date_type_0 = datetime.date.fromisoformat(data)

                return crossing_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        crossing_date = _parse_crossing_date(d.pop("crossing_date"))

        crossing_class_output = cls(
            request_class=request_class,
            status=status,
            history_days=history_days,
            message=message,
            recent=recent,
            periods=periods,
            holdout_error=holdout_error,
            margin_negative_now=margin_negative_now,
            crosses=crosses,
            crossing_date=crossing_date,
        )

        crossing_class_output.additional_properties = d
        return crossing_class_output

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
