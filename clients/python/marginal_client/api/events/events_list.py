import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.paginated_usage_event_list import PaginatedUsageEventList
from ...models.problem_detail import ProblemDetail
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    cursor: str | Unset = UNSET,
    customer_id: str | Unset = UNSET,
    from_: datetime.date | datetime.datetime | str | Unset = UNSET,
    limit: int | Unset = UNSET,
    model: str | Unset = UNSET,
    request_class: str | Unset = UNSET,
    to: datetime.date | datetime.datetime | str | Unset = UNSET,
    voided: bool | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["cursor"] = cursor

    params["customer_id"] = customer_id

    json_from_: str | Unset
    if isinstance(from_, Unset):
        json_from_ = UNSET
    elif isinstance(from_, datetime.datetime) or isinstance(from_, datetime.date):
        json_from_ = from_.isoformat()
    else:
        json_from_ = from_
    params["from"] = json_from_

    params["limit"] = limit

    params["model"] = model

    params["request_class"] = request_class

    json_to: str | Unset
    if isinstance(to, Unset):
        json_to = UNSET
    elif isinstance(to, datetime.datetime) or isinstance(to, datetime.date):
        json_to = to.isoformat()
    else:
        json_to = to
    params["to"] = json_to

    params["voided"] = voided

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/events",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PaginatedUsageEventList | ProblemDetail | None:
    if response.status_code == 200:
        response_200 = PaginatedUsageEventList.from_dict(response.json())

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

    if response.status_code == 409:
        response_409 = ProblemDetail.from_dict(response.json())

        return response_409

    if response.status_code == 413:
        response_413 = ProblemDetail.from_dict(response.json())

        return response_413

    if response.status_code == 429:
        response_429 = ProblemDetail.from_dict(response.json())

        return response_429

    if response.status_code == 500:
        response_500 = ProblemDetail.from_dict(response.json())

        return response_500

    if response.status_code == 503:
        response_503 = ProblemDetail.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[PaginatedUsageEventList | ProblemDetail]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    cursor: str | Unset = UNSET,
    customer_id: str | Unset = UNSET,
    from_: datetime.date | datetime.datetime | str | Unset = UNSET,
    limit: int | Unset = UNSET,
    model: str | Unset = UNSET,
    request_class: str | Unset = UNSET,
    to: datetime.date | datetime.datetime | str | Unset = UNSET,
    voided: bool | Unset = UNSET,
) -> Response[PaginatedUsageEventList | ProblemDetail]:
    """List usage events

     Stored events, newest first, voided ones included unless filtered.

    Args:
        cursor (str | Unset):
        customer_id (str | Unset):
        from_ (datetime.date | datetime.datetime | str | Unset):
        limit (int | Unset):
        model (str | Unset):
        request_class (str | Unset):
        to (datetime.date | datetime.datetime | str | Unset):
        voided (bool | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PaginatedUsageEventList | ProblemDetail]
    """

    kwargs = _get_kwargs(
        cursor=cursor,
        customer_id=customer_id,
        from_=from_,
        limit=limit,
        model=model,
        request_class=request_class,
        to=to,
        voided=voided,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    cursor: str | Unset = UNSET,
    customer_id: str | Unset = UNSET,
    from_: datetime.date | datetime.datetime | str | Unset = UNSET,
    limit: int | Unset = UNSET,
    model: str | Unset = UNSET,
    request_class: str | Unset = UNSET,
    to: datetime.date | datetime.datetime | str | Unset = UNSET,
    voided: bool | Unset = UNSET,
) -> PaginatedUsageEventList | ProblemDetail | None:
    """List usage events

     Stored events, newest first, voided ones included unless filtered.

    Args:
        cursor (str | Unset):
        customer_id (str | Unset):
        from_ (datetime.date | datetime.datetime | str | Unset):
        limit (int | Unset):
        model (str | Unset):
        request_class (str | Unset):
        to (datetime.date | datetime.datetime | str | Unset):
        voided (bool | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PaginatedUsageEventList | ProblemDetail
    """

    return sync_detailed(
        client=client,
        cursor=cursor,
        customer_id=customer_id,
        from_=from_,
        limit=limit,
        model=model,
        request_class=request_class,
        to=to,
        voided=voided,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    cursor: str | Unset = UNSET,
    customer_id: str | Unset = UNSET,
    from_: datetime.date | datetime.datetime | str | Unset = UNSET,
    limit: int | Unset = UNSET,
    model: str | Unset = UNSET,
    request_class: str | Unset = UNSET,
    to: datetime.date | datetime.datetime | str | Unset = UNSET,
    voided: bool | Unset = UNSET,
) -> Response[PaginatedUsageEventList | ProblemDetail]:
    """List usage events

     Stored events, newest first, voided ones included unless filtered.

    Args:
        cursor (str | Unset):
        customer_id (str | Unset):
        from_ (datetime.date | datetime.datetime | str | Unset):
        limit (int | Unset):
        model (str | Unset):
        request_class (str | Unset):
        to (datetime.date | datetime.datetime | str | Unset):
        voided (bool | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PaginatedUsageEventList | ProblemDetail]
    """

    kwargs = _get_kwargs(
        cursor=cursor,
        customer_id=customer_id,
        from_=from_,
        limit=limit,
        model=model,
        request_class=request_class,
        to=to,
        voided=voided,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    cursor: str | Unset = UNSET,
    customer_id: str | Unset = UNSET,
    from_: datetime.date | datetime.datetime | str | Unset = UNSET,
    limit: int | Unset = UNSET,
    model: str | Unset = UNSET,
    request_class: str | Unset = UNSET,
    to: datetime.date | datetime.datetime | str | Unset = UNSET,
    voided: bool | Unset = UNSET,
) -> PaginatedUsageEventList | ProblemDetail | None:
    """List usage events

     Stored events, newest first, voided ones included unless filtered.

    Args:
        cursor (str | Unset):
        customer_id (str | Unset):
        from_ (datetime.date | datetime.datetime | str | Unset):
        limit (int | Unset):
        model (str | Unset):
        request_class (str | Unset):
        to (datetime.date | datetime.datetime | str | Unset):
        voided (bool | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PaginatedUsageEventList | ProblemDetail
    """

    return (
        await asyncio_detailed(
            client=client,
            cursor=cursor,
            customer_id=customer_id,
            from_=from_,
            limit=limit,
            model=model,
            request_class=request_class,
            to=to,
            voided=voided,
        )
    ).parsed
