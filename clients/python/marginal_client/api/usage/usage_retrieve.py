import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem_detail import ProblemDetail
from ...models.usage_retrieve_bucket import UsageRetrieveBucket
from ...models.usage_summary import UsageSummary
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    bucket: UsageRetrieveBucket | Unset = UNSET,
    customer_id: str | Unset = UNSET,
    from_: datetime.date | datetime.datetime | str | Unset = UNSET,
    group_by: str | Unset = UNSET,
    model: str | Unset = UNSET,
    request_class: str | Unset = UNSET,
    to: datetime.date | datetime.datetime | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_bucket: str | Unset = UNSET
    if not isinstance(bucket, Unset):
        json_bucket = bucket.value

    params["bucket"] = json_bucket

    params["customer_id"] = customer_id

    json_from_: str | Unset
    if isinstance(from_, Unset):
        json_from_ = UNSET
    elif isinstance(from_, datetime.datetime) or isinstance(from_, datetime.date):
        json_from_ = from_.isoformat()
    else:
        json_from_ = from_
    params["from"] = json_from_

    params["group_by"] = group_by

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

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/usage",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ProblemDetail | UsageSummary | None:
    if response.status_code == 200:
        response_200 = UsageSummary.from_dict(response.json())

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
) -> Response[ProblemDetail | UsageSummary]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    bucket: UsageRetrieveBucket | Unset = UNSET,
    customer_id: str | Unset = UNSET,
    from_: datetime.date | datetime.datetime | str | Unset = UNSET,
    group_by: str | Unset = UNSET,
    model: str | Unset = UNSET,
    request_class: str | Unset = UNSET,
    to: datetime.date | datetime.datetime | str | Unset = UNSET,
) -> Response[ProblemDetail | UsageSummary]:
    """Usage sums per group over a time range

     Voided events are left out. Percentiles are nearest-rank over the events of a group (the value at
    rank ceil(p × n) in ascending order, as PostgreSQL's percentile_disc): latency_ms over events that
    reported a latency; tokens_per_request over all events, where an event's value is the sum of its
    five token buckets divided by its requests, rounded half-up to 6 decimal places.

    Args:
        bucket (UsageRetrieveBucket | Unset):
        customer_id (str | Unset):
        from_ (datetime.date | datetime.datetime | str | Unset):
        group_by (str | Unset):
        model (str | Unset):
        request_class (str | Unset):
        to (datetime.date | datetime.datetime | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetail | UsageSummary]
    """

    kwargs = _get_kwargs(
        bucket=bucket,
        customer_id=customer_id,
        from_=from_,
        group_by=group_by,
        model=model,
        request_class=request_class,
        to=to,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    bucket: UsageRetrieveBucket | Unset = UNSET,
    customer_id: str | Unset = UNSET,
    from_: datetime.date | datetime.datetime | str | Unset = UNSET,
    group_by: str | Unset = UNSET,
    model: str | Unset = UNSET,
    request_class: str | Unset = UNSET,
    to: datetime.date | datetime.datetime | str | Unset = UNSET,
) -> ProblemDetail | UsageSummary | None:
    """Usage sums per group over a time range

     Voided events are left out. Percentiles are nearest-rank over the events of a group (the value at
    rank ceil(p × n) in ascending order, as PostgreSQL's percentile_disc): latency_ms over events that
    reported a latency; tokens_per_request over all events, where an event's value is the sum of its
    five token buckets divided by its requests, rounded half-up to 6 decimal places.

    Args:
        bucket (UsageRetrieveBucket | Unset):
        customer_id (str | Unset):
        from_ (datetime.date | datetime.datetime | str | Unset):
        group_by (str | Unset):
        model (str | Unset):
        request_class (str | Unset):
        to (datetime.date | datetime.datetime | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetail | UsageSummary
    """

    return sync_detailed(
        client=client,
        bucket=bucket,
        customer_id=customer_id,
        from_=from_,
        group_by=group_by,
        model=model,
        request_class=request_class,
        to=to,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    bucket: UsageRetrieveBucket | Unset = UNSET,
    customer_id: str | Unset = UNSET,
    from_: datetime.date | datetime.datetime | str | Unset = UNSET,
    group_by: str | Unset = UNSET,
    model: str | Unset = UNSET,
    request_class: str | Unset = UNSET,
    to: datetime.date | datetime.datetime | str | Unset = UNSET,
) -> Response[ProblemDetail | UsageSummary]:
    """Usage sums per group over a time range

     Voided events are left out. Percentiles are nearest-rank over the events of a group (the value at
    rank ceil(p × n) in ascending order, as PostgreSQL's percentile_disc): latency_ms over events that
    reported a latency; tokens_per_request over all events, where an event's value is the sum of its
    five token buckets divided by its requests, rounded half-up to 6 decimal places.

    Args:
        bucket (UsageRetrieveBucket | Unset):
        customer_id (str | Unset):
        from_ (datetime.date | datetime.datetime | str | Unset):
        group_by (str | Unset):
        model (str | Unset):
        request_class (str | Unset):
        to (datetime.date | datetime.datetime | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetail | UsageSummary]
    """

    kwargs = _get_kwargs(
        bucket=bucket,
        customer_id=customer_id,
        from_=from_,
        group_by=group_by,
        model=model,
        request_class=request_class,
        to=to,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    bucket: UsageRetrieveBucket | Unset = UNSET,
    customer_id: str | Unset = UNSET,
    from_: datetime.date | datetime.datetime | str | Unset = UNSET,
    group_by: str | Unset = UNSET,
    model: str | Unset = UNSET,
    request_class: str | Unset = UNSET,
    to: datetime.date | datetime.datetime | str | Unset = UNSET,
) -> ProblemDetail | UsageSummary | None:
    """Usage sums per group over a time range

     Voided events are left out. Percentiles are nearest-rank over the events of a group (the value at
    rank ceil(p × n) in ascending order, as PostgreSQL's percentile_disc): latency_ms over events that
    reported a latency; tokens_per_request over all events, where an event's value is the sum of its
    five token buckets divided by its requests, rounded half-up to 6 decimal places.

    Args:
        bucket (UsageRetrieveBucket | Unset):
        customer_id (str | Unset):
        from_ (datetime.date | datetime.datetime | str | Unset):
        group_by (str | Unset):
        model (str | Unset):
        request_class (str | Unset):
        to (datetime.date | datetime.datetime | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetail | UsageSummary
    """

    return (
        await asyncio_detailed(
            client=client,
            bucket=bucket,
            customer_id=customer_id,
            from_=from_,
            group_by=group_by,
            model=model,
            request_class=request_class,
            to=to,
        )
    ).parsed
