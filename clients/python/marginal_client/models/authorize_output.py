from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.reason_enum import ReasonEnum

if TYPE_CHECKING:
    from ..models.authorize_estimate import AuthorizeEstimate
    from ..models.authorize_output_budgets_item import AuthorizeOutputBudgetsItem


T = TypeVar("T", bound="AuthorizeOutput")


@_attrs_define
class AuthorizeOutput:
    """
    Attributes:
        allowed (bool):
        reason (ReasonEnum): * `ok` - ok
            * `insufficient_credits` - insufficient_credits
            * `spend_limit` - spend_limit
            * `cost_limit` - cost_limit
            * `margin_floor` - margin_floor
        detail (str):
        authorization_id (None | UUID):
        expires_at (datetime.datetime | None):
        credits_remaining (None | str): Credits left after this request's hold (null: no credits). Example: 12.50.
        budgets (list[AuthorizeOutputBudgetsItem]): Each budget's state.
        estimate (AuthorizeEstimate | None): With expected_usage: the amounts authorised (else null).
    """

    allowed: bool
    reason: ReasonEnum
    detail: str
    authorization_id: None | UUID
    expires_at: datetime.datetime | None
    credits_remaining: None | str
    budgets: list[AuthorizeOutputBudgetsItem]
    estimate: AuthorizeEstimate | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.authorize_estimate import AuthorizeEstimate

        allowed = self.allowed

        reason = self.reason.value

        detail = self.detail

        authorization_id: None | str
        if isinstance(self.authorization_id, UUID):
            authorization_id = str(self.authorization_id)
        else:
            authorization_id = self.authorization_id

        expires_at: None | str
        if isinstance(self.expires_at, datetime.datetime):
            expires_at = self.expires_at.isoformat()
        else:
            expires_at = self.expires_at

        credits_remaining: None | str
        credits_remaining = self.credits_remaining

        budgets = []
        for budgets_item_data in self.budgets:
            budgets_item = budgets_item_data.to_dict()
            budgets.append(budgets_item)

        estimate: dict[str, Any] | None
        if isinstance(self.estimate, AuthorizeEstimate):
            estimate = self.estimate.to_dict()
        else:
            estimate = self.estimate

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "allowed": allowed,
                "reason": reason,
                "detail": detail,
                "authorization_id": authorization_id,
                "expires_at": expires_at,
                "credits_remaining": credits_remaining,
                "budgets": budgets,
                "estimate": estimate,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.authorize_estimate import AuthorizeEstimate
        from ..models.authorize_output_budgets_item import AuthorizeOutputBudgetsItem

        d = dict(src_dict)
        allowed = d.pop("allowed")

        reason = ReasonEnum(d.pop("reason"))

        detail = d.pop("detail")

        def _parse_authorization_id(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                authorization_id_type_0 = UUID(data)

                return authorization_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        authorization_id = _parse_authorization_id(d.pop("authorization_id"))

        def _parse_expires_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                expires_at_type_0 = datetime.datetime.fromisoformat(data)

                return expires_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        expires_at = _parse_expires_at(d.pop("expires_at"))

        def _parse_credits_remaining(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        credits_remaining = _parse_credits_remaining(d.pop("credits_remaining"))

        budgets = []
        _budgets = d.pop("budgets")
        for budgets_item_data in _budgets:
            budgets_item = AuthorizeOutputBudgetsItem.from_dict(budgets_item_data)

            budgets.append(budgets_item)

        def _parse_estimate(data: object) -> AuthorizeEstimate | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                estimate_type_1 = AuthorizeEstimate.from_dict(data)

                return estimate_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(AuthorizeEstimate | None, data)

        estimate = _parse_estimate(d.pop("estimate"))

        authorize_output = cls(
            allowed=allowed,
            reason=reason,
            detail=detail,
            authorization_id=authorization_id,
            expires_at=expires_at,
            credits_remaining=credits_remaining,
            budgets=budgets,
            estimate=estimate,
        )

        authorize_output.additional_properties = d
        return authorize_output

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
