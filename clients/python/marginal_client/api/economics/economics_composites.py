import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.composite_report_output import CompositeReportOutput
from ...models.problem_detail import ProblemDetail
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    from_: datetime.date | datetime.datetime | str | Unset = UNSET,
    request_class: str | Unset = UNSET,
    to: datetime.date | datetime.datetime | str | Unset = UNSET,
    worst: int | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_from_: str | Unset
    if isinstance(from_, Unset):
        json_from_ = UNSET
    elif isinstance(from_, datetime.datetime) or isinstance(from_, datetime.date):
        json_from_ = from_.isoformat()
    else:
        json_from_ = from_
    params["from"] = json_from_

    params["request_class"] = request_class

    json_to: str | Unset
    if isinstance(to, Unset):
        json_to = UNSET
    elif isinstance(to, datetime.datetime) or isinstance(to, datetime.date):
        json_to = to.isoformat()
    else:
        json_to = to
    params["to"] = json_to

    params["worst"] = worst

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/economics/composites",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CompositeReportOutput | ProblemDetail | None:
    if response.status_code == 200:
        response_200 = CompositeReportOutput.from_dict(response.json())

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
) -> Response[CompositeReportOutput | ProblemDetail]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    from_: datetime.date | datetime.datetime | str | Unset = UNSET,
    request_class: str | Unset = UNSET,
    to: datetime.date | datetime.datetime | str | Unset = UNSET,
    worst: int | Unset = UNSET,
) -> Response[CompositeReportOutput | ProblemDetail]:
    """Report composite units per composite class

     A composite is every live event sharing a `trace_id`; its class is the request class of its root
    (earliest) event, and it belongs to the range its root falls in. Cost, revenue and margin are sums
    over its events; composites with an event of unknown cost are counted and left out of the cost
    figures.

    Args:
        from_ (datetime.date | datetime.datetime | str | Unset):
        request_class (str | Unset):
        to (datetime.date | datetime.datetime | str | Unset):
        worst (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CompositeReportOutput | ProblemDetail]
    """

    kwargs = _get_kwargs(
        from_=from_,
        request_class=request_class,
        to=to,
        worst=worst,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    from_: datetime.date | datetime.datetime | str | Unset = UNSET,
    request_class: str | Unset = UNSET,
    to: datetime.date | datetime.datetime | str | Unset = UNSET,
    worst: int | Unset = UNSET,
) -> CompositeReportOutput | ProblemDetail | None:
    """Report composite units per composite class

     A composite is every live event sharing a `trace_id`; its class is the request class of its root
    (earliest) event, and it belongs to the range its root falls in. Cost, revenue and margin are sums
    over its events; composites with an event of unknown cost are counted and left out of the cost
    figures.

    Args:
        from_ (datetime.date | datetime.datetime | str | Unset):
        request_class (str | Unset):
        to (datetime.date | datetime.datetime | str | Unset):
        worst (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CompositeReportOutput | ProblemDetail
    """

    return sync_detailed(
        client=client,
        from_=from_,
        request_class=request_class,
        to=to,
        worst=worst,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    from_: datetime.date | datetime.datetime | str | Unset = UNSET,
    request_class: str | Unset = UNSET,
    to: datetime.date | datetime.datetime | str | Unset = UNSET,
    worst: int | Unset = UNSET,
) -> Response[CompositeReportOutput | ProblemDetail]:
    """Report composite units per composite class

     A composite is every live event sharing a `trace_id`; its class is the request class of its root
    (earliest) event, and it belongs to the range its root falls in. Cost, revenue and margin are sums
    over its events; composites with an event of unknown cost are counted and left out of the cost
    figures.

    Args:
        from_ (datetime.date | datetime.datetime | str | Unset):
        request_class (str | Unset):
        to (datetime.date | datetime.datetime | str | Unset):
        worst (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CompositeReportOutput | ProblemDetail]
    """

    kwargs = _get_kwargs(
        from_=from_,
        request_class=request_class,
        to=to,
        worst=worst,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    from_: datetime.date | datetime.datetime | str | Unset = UNSET,
    request_class: str | Unset = UNSET,
    to: datetime.date | datetime.datetime | str | Unset = UNSET,
    worst: int | Unset = UNSET,
) -> CompositeReportOutput | ProblemDetail | None:
    """Report composite units per composite class

     A composite is every live event sharing a `trace_id`; its class is the request class of its root
    (earliest) event, and it belongs to the range its root falls in. Cost, revenue and margin are sums
    over its events; composites with an event of unknown cost are counted and left out of the cost
    figures.

    Args:
        from_ (datetime.date | datetime.datetime | str | Unset):
        request_class (str | Unset):
        to (datetime.date | datetime.datetime | str | Unset):
        worst (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CompositeReportOutput | ProblemDetail
    """

    return (
        await asyncio_detailed(
            client=client,
            from_=from_,
            request_class=request_class,
            to=to,
            worst=worst,
        )
    ).parsed
