from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.customer_economics_output_status_enum import (
    CustomerEconomicsOutputStatusEnum,
)
from ..models.ltv_basis_enum import LtvBasisEnum

if TYPE_CHECKING:
    from ..models.month_to_date_output import MonthToDateOutput


T = TypeVar("T", bound="CustomerEconomicsOutput")


@_attrs_define
class CustomerEconomicsOutput:
    """
    Attributes:
        customer_id (str):
        name (str):
        as_of (datetime.datetime): The moment status and churn are taken at.
        currency (str): ISO 4217 currency of every amount here (costs are recorded in USD).
        status (CustomerEconomicsOutputStatusEnum): * `active` - active
            * `churned` - churned
            * `never_active` - never_active
        churned_on (datetime.date | None): First day no longer active (a subscription's end, or the day after the last
            request of a usage-only customer silent for the churn window); null unless churned.
        churn_month (None | str): The month the loss counts in (the last active month), as in the summary and cohorts;
            null unless churned. Example: 2026-11.
        active_since (None | str): First month invoiced or used, YYYY-MM; null if never active. Example: 2026-11.
        first_active (datetime.date | None): First day with requests.
        last_active (datetime.date | None): Last day with requests.
        tenure_months (int): Closed months active (the open month is in month_to_date).
        requests (int): Requests in closed months.
        unpriced_requests (int): Of those, requests whose cost is unknown: left out of gross margin %, predicted LTV and
            CAC payback (the cost per priced request stands for each).
        revenue (str): What the customer was invoiced for its closed months (flat fees and minimums of months without
            requests included). Rounded to the currency's minor unit (cents).
        variable_cost (str): Variable cost of closed months. Rounded to the currency's minor unit (cents).
        gross_margin (str): Revenue - variable cost, closed months. Rounded to the currency's minor unit (cents).
        gross_margin_pct (None | str): Gross margin %. Rounded to 4 decimal places.
        arpa (None | str): Revenue per closed month active; null before the first month closes. Rounded to the
            currency's minor unit (cents).
        monthly_churn (None | str): Tenant-wide churn per account-month used for LTV (closed months). Rounded to 4
            decimal places.
        ltv (None | str): Active customers: predicted, ARPA x GM% / monthly churn (null at zero churn). Churned
            customers: the gross margin they actually earned (ltv_basis realised). Rounded to the currency's minor unit
            (cents).
        discounted_ltv (None | str): Monthly margin / (churn + discount rate); null for churned customers. Rounded to
            the currency's minor unit (cents).
        ltv_basis (LtvBasisEnum | None):
        realised_ltv (str): Gross margin actually earned in closed months. Rounded to the currency's minor unit (cents).
        cohort (None | str): Month the customer was created (YYYY-MM). Example: 2026-11.
        cohort_realised_ltv (None | str): Realised LTV of the cohort: gross margin earned in closed months by the
            customers created that month, per customer. Rounded to the currency's minor unit (cents).
        cac (None | str): Acquisition cost; null when none is recorded. Rounded to the currency's minor unit (cents).
        cac_payback_months (None | str): CAC / (ARPA x GM%); null when it never pays back. Rounded to 4 decimal places.
        ltv_to_cac (None | str): LTV (or discounted LTV) / CAC. Rounded to 4 decimal places.
        engagement_destroys_value (bool): Most of this customer's requests lose money: more use, more loss.
        month_to_date (MonthToDateOutput):
    """

    customer_id: str
    name: str
    as_of: datetime.datetime
    currency: str
    status: CustomerEconomicsOutputStatusEnum
    churned_on: datetime.date | None
    churn_month: None | str
    active_since: None | str
    first_active: datetime.date | None
    last_active: datetime.date | None
    tenure_months: int
    requests: int
    unpriced_requests: int
    revenue: str
    variable_cost: str
    gross_margin: str
    gross_margin_pct: None | str
    arpa: None | str
    monthly_churn: None | str
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
    month_to_date: MonthToDateOutput
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        customer_id = self.customer_id

        name = self.name

        as_of = self.as_of.isoformat()

        currency = self.currency

        status = self.status.value

        churned_on: None | str
        if isinstance(self.churned_on, datetime.date):
            churned_on = self.churned_on.isoformat()
        else:
            churned_on = self.churned_on

        churn_month: None | str
        churn_month = self.churn_month

        active_since: None | str
        active_since = self.active_since

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

        unpriced_requests = self.unpriced_requests

        revenue = self.revenue

        variable_cost = self.variable_cost

        gross_margin = self.gross_margin

        gross_margin_pct: None | str
        gross_margin_pct = self.gross_margin_pct

        arpa: None | str
        arpa = self.arpa

        monthly_churn: None | str
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

        month_to_date = self.month_to_date.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "customer_id": customer_id,
                "name": name,
                "as_of": as_of,
                "currency": currency,
                "status": status,
                "churned_on": churned_on,
                "churn_month": churn_month,
                "active_since": active_since,
                "first_active": first_active,
                "last_active": last_active,
                "tenure_months": tenure_months,
                "requests": requests,
                "unpriced_requests": unpriced_requests,
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
                "month_to_date": month_to_date,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.month_to_date_output import MonthToDateOutput

        d = dict(src_dict)
        customer_id = d.pop("customer_id")

        name = d.pop("name")

        as_of = datetime.datetime.fromisoformat(d.pop("as_of"))

        currency = d.pop("currency")

        status = CustomerEconomicsOutputStatusEnum(d.pop("status"))

        def _parse_churned_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                churned_on_type_0 = datetime.date.fromisoformat(data)

                return churned_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        churned_on = _parse_churned_on(d.pop("churned_on"))

        def _parse_churn_month(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        churn_month = _parse_churn_month(d.pop("churn_month"))

        def _parse_active_since(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        active_since = _parse_active_since(d.pop("active_since"))

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

        unpriced_requests = d.pop("unpriced_requests")

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

        def _parse_monthly_churn(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        monthly_churn = _parse_monthly_churn(d.pop("monthly_churn"))

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

        month_to_date = MonthToDateOutput.from_dict(d.pop("month_to_date"))

        customer_economics_output = cls(
            customer_id=customer_id,
            name=name,
            as_of=as_of,
            currency=currency,
            status=status,
            churned_on=churned_on,
            churn_month=churn_month,
            active_since=active_since,
            first_active=first_active,
            last_active=last_active,
            tenure_months=tenure_months,
            requests=requests,
            unpriced_requests=unpriced_requests,
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
            month_to_date=month_to_date,
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
