import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.crossing_report_output import CrossingReportOutput
from ...models.problem_detail import ProblemDetail
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    as_of: datetime.date | Unset = UNSET,
    months: int | Unset = UNSET,
    request_class: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_as_of: str | Unset = UNSET
    if not isinstance(as_of, Unset):
        json_as_of = as_of.isoformat()
    params["as_of"] = json_as_of

    params["months"] = months

    params["request_class"] = request_class

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/economics/crossing",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CrossingReportOutput | ProblemDetail | None:
    if response.status_code == 200:
        response_200 = CrossingReportOutput.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ProblemDetail.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ProblemDetail.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ProblemDetail.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = ProblemDetail.from_dict(response.json())

        return response_404

    if response.status_code == 429:
        response_429 = ProblemDetail.from_dict(response.json())

        return response_429

    if response.status_code == 500:
        response_500 = ProblemDetail.from_dict(response.json())

        return response_500

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[CrossingReportOutput | ProblemDetail]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    as_of: datetime.date | Unset = UNSET,
    months: int | Unset = UNSET,
    request_class: str | Unset = UNSET,
) -> Response[CrossingReportOutput | ProblemDetail]:
    """Forecast when a request class crosses to a loss

     Per request class, Holt's linear trend (statsmodels) forecasts cost per priced request, revenue per
    request and share of requests for the next 1-3 months from the day rollups of the 90 days before
    `as_of`, with its error on the last 14 days held out. A class margin-positive over the last 14 days
    whose forecast margin per request falls below zero `crosses` on `crossing_date`. A class with fewer
    than 28 days of history is listed with `status: insufficient_history` and no forecast.

    Args:
        as_of (datetime.date | Unset):
        months (int | Unset):
        request_class (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CrossingReportOutput | ProblemDetail]
    """

    kwargs = _get_kwargs(
        as_of=as_of,
        months=months,
        request_class=request_class,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    as_of: datetime.date | Unset = UNSET,
    months: int | Unset = UNSET,
    request_class: str | Unset = UNSET,
) -> CrossingReportOutput | ProblemDetail | None:
    """Forecast when a request class crosses to a loss

     Per request class, Holt's linear trend (statsmodels) forecasts cost per priced request, revenue per
    request and share of requests for the next 1-3 months from the day rollups of the 90 days before
    `as_of`, with its error on the last 14 days held out. A class margin-positive over the last 14 days
    whose forecast margin per request falls below zero `crosses` on `crossing_date`. A class with fewer
    than 28 days of history is listed with `status: insufficient_history` and no forecast.

    Args:
        as_of (datetime.date | Unset):
        months (int | Unset):
        request_class (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CrossingReportOutput | ProblemDetail
    """

    return sync_detailed(
        client=client,
        as_of=as_of,
        months=months,
        request_class=request_class,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    as_of: datetime.date | Unset = UNSET,
    months: int | Unset = UNSET,
    request_class: str | Unset = UNSET,
) -> Response[CrossingReportOutput | ProblemDetail]:
    """Forecast when a request class crosses to a loss

     Per request class, Holt's linear trend (statsmodels) forecasts cost per priced request, revenue per
    request and share of requests for the next 1-3 months from the day rollups of the 90 days before
    `as_of`, with its error on the last 14 days held out. A class margin-positive over the last 14 days
    whose forecast margin per request falls below zero `crosses` on `crossing_date`. A class with fewer
    than 28 days of history is listed with `status: insufficient_history` and no forecast.

    Args:
        as_of (datetime.date | Unset):
        months (int | Unset):
        request_class (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CrossingReportOutput | ProblemDetail]
    """

    kwargs = _get_kwargs(
        as_of=as_of,
        months=months,
        request_class=request_class,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    as_of: datetime.date | Unset = UNSET,
    months: int | Unset = UNSET,
    request_class: str | Unset = UNSET,
) -> CrossingReportOutput | ProblemDetail | None:
    """Forecast when a request class crosses to a loss

     Per request class, Holt's linear trend (statsmodels) forecasts cost per priced request, revenue per
    request and share of requests for the next 1-3 months from the day rollups of the 90 days before
    `as_of`, with its error on the last 14 days held out. A class margin-positive over the last 14 days
    whose forecast margin per request falls below zero `crosses` on `crossing_date`. A class with fewer
    than 28 days of history is listed with `status: insufficient_history` and no forecast.

    Args:
        as_of (datetime.date | Unset):
        months (int | Unset):
        request_class (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CrossingReportOutput | ProblemDetail
    """

    return (
        await asyncio_detailed(
            client=client,
            as_of=as_of,
            months=months,
            request_class=request_class,
        )
    ).parsed
