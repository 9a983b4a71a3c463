from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.customer_economics_output_status_enum import (
    CustomerEconomicsOutputStatusEnum,
)
from ..models.ltv_basis_enum import LtvBasisEnum

T = TypeVar("T", bound="CustomerEconomicsOutput")


@_attrs_define
class CustomerEconomicsOutput:
    """
    Attributes:
        customer_id (str):
        name (str):
        status (CustomerEconomicsOutputStatusEnum): * `active` - active
            * `churned` - churned
            * `never_active` - never_active
        first_active (datetime.date | None):
        last_active (datetime.date | None):
        tenure_months (int): Calendar months from first to last/now.
        requests (int):
        revenue (str): Attributed revenue to date, USD.
        variable_cost (str): Variable cost to date, USD.
        gross_margin (str): Revenue - variable cost to date, USD.
        gross_margin_pct (None | str): Gross margin %.
        arpa (None | str): Revenue per month of tenure, USD.
        monthly_churn (str): Tenant-wide churn per account-month used for LTV.
        ltv (None | str): ARPA x GM% / monthly churn, USD; null at zero churn.
        discounted_ltv (None | str): Monthly margin / (churn + discount rate), USD.
        ltv_basis (LtvBasisEnum | None):
        realised_ltv (str): Gross margin actually earned to date, USD.
        cohort (None | str): Month the customer was created (YYYY-MM). Example: 2026-11.
        cohort_realised_ltv (None | str): Realised LTV of the cohort: gross margin earned to date by the customers
            created that month, per customer, USD.
        cac (None | str): Acquisition cost, USD; null when none is recorded.
        cac_payback_months (None | str): CAC / (monthly revenue x GM%); null when it never pays back.
        ltv_to_cac (None | str): LTV (or discounted LTV) / CAC.
        engagement_destroys_value (bool): Most of this customer's requests lose money: more use, more loss.
    """

    customer_id: str
    name: str
    status: CustomerEconomicsOutputStatusEnum
    first_active: datetime.date | None
    last_active: datetime.date | None
    tenure_months: int
    requests: int
    revenue: str
    variable_cost: str
    gross_margin: str
    gross_margin_pct: None | str
    arpa: None | str
    monthly_churn: str
    ltv: None | str
    discounted_ltv: None | str
    ltv_basis: LtvBasisEnum | None
    realised_ltv: str
    cohort: None | str
    cohort_realised_ltv: None | str
    cac: None | str
    cac_payback_months: None | str
    ltv_to_cac: None | str
    engagement_destroys_value: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        customer_id = self.customer_id

        name = self.name

        status = self.status.value

        first_active: None | str
        if isinstance(self.first_active, datetime.date):
            first_active = self.first_active.isoformat()
        else:
            first_active = self.first_active

        last_active: None | str
        if isinstance(self.last_active, datetime.date):
            last_active = self.last_active.isoformat()
        else:
            last_active = self.last_active

        tenure_months = self.tenure_months

        requests = self.requests

        revenue = self.revenue

        variable_cost = self.variable_cost

        gross_margin = self.gross_margin

        gross_margin_pct: None | str
        gross_margin_pct = self.gross_margin_pct

        arpa: None | str
        arpa = self.arpa

        monthly_churn = self.monthly_churn

        ltv: None | str
        ltv = self.ltv

        discounted_ltv: None | str
        discounted_ltv = self.discounted_ltv

        ltv_basis: None | str
        if isinstance(self.ltv_basis, LtvBasisEnum):
            ltv_basis = self.ltv_basis.value
        else:
            ltv_basis = self.ltv_basis

        realised_ltv = self.realised_ltv

        cohort: None | str
        cohort = self.cohort

        cohort_realised_ltv: None | str
        cohort_realised_ltv = self.cohort_realised_ltv

        cac: None | str
        cac = self.cac

        cac_payback_months: None | str
        cac_payback_months = self.cac_payback_months

        ltv_to_cac: None | str
        ltv_to_cac = self.ltv_to_cac

        engagement_destroys_value = self.engagement_destroys_value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "customer_id": customer_id,
                "name": name,
                "status": status,
                "first_active": first_active,
                "last_active": last_active,
                "tenure_months": tenure_months,
                "requests": requests,
                "revenue": revenue,
                "variable_cost": variable_cost,
                "gross_margin": gross_margin,
                "gross_margin_pct": gross_margin_pct,
                "arpa": arpa,
                "monthly_churn": monthly_churn,
                "ltv": ltv,
                "discounted_ltv": discounted_ltv,
                "ltv_basis": ltv_basis,
                "realised_ltv": realised_ltv,
                "cohort": cohort,
                "cohort_realised_ltv": cohort_realised_ltv,
                "cac": cac,
                "cac_payback_months": cac_payback_months,
                "ltv_to_cac": ltv_to_cac,
                "engagement_destroys_value": engagement_destroys_value,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        customer_id = d.pop("customer_id")

        name = d.pop("name")

        status = CustomerEconomicsOutputStatusEnum(d.pop("status"))

        def _parse_first_active(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                first_active_type_0 = datetime.date.fromisoformat(data)

                return first_active_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        first_active = _parse_first_active(d.pop("first_active"))

        def _parse_last_active(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_active_type_0 = datetime.date.fromisoformat(data)

                return last_active_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        last_active = _parse_last_active(d.pop("last_active"))

        tenure_months = d.pop("tenure_months")

        requests = d.pop("requests")

        revenue = d.pop("revenue")

        variable_cost = d.pop("variable_cost")

        gross_margin = d.pop("gross_margin")

        def _parse_gross_margin_pct(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        gross_margin_pct = _parse_gross_margin_pct(d.pop("gross_margin_pct"))

        def _parse_arpa(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        arpa = _parse_arpa(d.pop("arpa"))

        monthly_churn = d.pop("monthly_churn")

        def _parse_ltv(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        ltv = _parse_ltv(d.pop("ltv"))

        def _parse_discounted_ltv(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        discounted_ltv = _parse_discounted_ltv(d.pop("discounted_ltv"))

        def _parse_ltv_basis(data: object) -> LtvBasisEnum | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                ltv_basis_type_0 = LtvBasisEnum(data)

                return ltv_basis_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(LtvBasisEnum | None, data)

        ltv_basis = _parse_ltv_basis(d.pop("ltv_basis"))

        realised_ltv = d.pop("realised_ltv")

        def _parse_cohort(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        cohort = _parse_cohort(d.pop("cohort"))

        def _parse_cohort_realised_ltv(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        cohort_realised_ltv = _parse_cohort_realised_ltv(d.pop("cohort_realised_ltv"))

        def _parse_cac(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        cac = _parse_cac(d.pop("cac"))

        def _parse_cac_payback_months(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        cac_payback_months = _parse_cac_payback_months(d.pop("cac_payback_months"))

        def _parse_ltv_to_cac(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        ltv_to_cac = _parse_ltv_to_cac(d.pop("ltv_to_cac"))

        engagement_destroys_value = d.pop("engagement_destroys_value")

        customer_economics_output = cls(
            customer_id=customer_id,
            name=name,
            status=status,
            first_active=first_active,
            last_active=last_active,
            tenure_months=tenure_months,
            requests=requests,
            revenue=revenue,
            variable_cost=variable_cost,
            gross_margin=gross_margin,
            gross_margin_pct=gross_margin_pct,
            arpa=arpa,
            monthly_churn=monthly_churn,
            ltv=ltv,
            discounted_ltv=discounted_ltv,
            ltv_basis=ltv_basis,
            realised_ltv=realised_ltv,
            cohort=cohort,
            cohort_realised_ltv=cohort_realised_ltv,
            cac=cac,
            cac_payback_months=cac_payback_months,
            ltv_to_cac=ltv_to_cac,
            engagement_destroys_value=engagement_destroys_value,
        )

        customer_economics_output.additional_properties = d
        return customer_economics_output

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
