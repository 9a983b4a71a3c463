from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.event_ingest_output import EventIngestOutput
from ...models.problem_detail import ProblemDetail
from ...models.usage_event_batch_input_request import UsageEventBatchInputRequest
from ...models.usage_event_input_request import UsageEventInputRequest
from ...types import Response


def _get_kwargs(
    *,
    body: UsageEventBatchInputRequest | UsageEventInputRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/events",
    }

    if isinstance(body, UsageEventInputRequest):
        _kwargs["json"] = body.to_dict()
    else:
        _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> EventIngestOutput | ProblemDetail | None:
    if response.status_code == 200:
        response_200 = EventIngestOutput.from_dict(response.json())

        return response_200

    if response.status_code == 201:
        response_201 = EventIngestOutput.from_dict(response.json())

        return response_201

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

    if response.status_code == 415:
        response_415 = ProblemDetail.from_dict(response.json())

        return response_415

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
) -> Response[EventIngestOutput | ProblemDetail]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: UsageEventBatchInputRequest | UsageEventInputRequest,
) -> Response[EventIngestOutput | ProblemDetail]:
    """Ingest usage events

     Post one event, or `{"events": [...]}` with up to 10,000 events (more: 413). Idempotent by
    `event_id` per tenant, forever: an identical repeat is a `duplicate`, stored once; the same
    `event_id` with another payload is a `conflict` and the stored event is untouched. Valid events of a
    batch are stored even when others are rejected; the response counts every verdict and lists each
    event that was not plainly accepted. A single event that is rejected gets 400, a conflicting one
    409. A body that is not JSON or has the wrong shape gets 400/413/415 and stores nothing; a database
    failure gets 503 with Retry-After and stores nothing, so retrying is safe.

    Token buckets are exclusive: `input_tokens` excludes cached and cache-write tokens, `output_tokens`
    excludes reasoning tokens. OpenTelemetry GenAI names are accepted: `gen_ai.usage.input_tokens`
    (inclusive) becomes input_tokens = it − cached_input_tokens − cache_write_tokens;
    `gen_ai.usage.output_tokens` (inclusive) becomes output_tokens = it − reasoning_tokens;
    `gen_ai.usage.cache_read.input_tokens` → cached_input_tokens,
    `gen_ai.usage.cache_creation.input_tokens` → cache_write_tokens,
    `gen_ai.usage.reasoning.output_tokens` → reasoning_tokens, `gen_ai.response.model` (else
    `gen_ai.request.model`) → model, `gen_ai.provider.name` → provider. Giving a field under both names
    is an error.

    Args:
        body (UsageEventBatchInputRequest | UsageEventInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EventIngestOutput | ProblemDetail]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: UsageEventBatchInputRequest | UsageEventInputRequest,
) -> EventIngestOutput | ProblemDetail | None:
    """Ingest usage events

     Post one event, or `{"events": [...]}` with up to 10,000 events (more: 413). Idempotent by
    `event_id` per tenant, forever: an identical repeat is a `duplicate`, stored once; the same
    `event_id` with another payload is a `conflict` and the stored event is untouched. Valid events of a
    batch are stored even when others are rejected; the response counts every verdict and lists each
    event that was not plainly accepted. A single event that is rejected gets 400, a conflicting one
    409. A body that is not JSON or has the wrong shape gets 400/413/415 and stores nothing; a database
    failure gets 503 with Retry-After and stores nothing, so retrying is safe.

    Token buckets are exclusive: `input_tokens` excludes cached and cache-write tokens, `output_tokens`
    excludes reasoning tokens. OpenTelemetry GenAI names are accepted: `gen_ai.usage.input_tokens`
    (inclusive) becomes input_tokens = it − cached_input_tokens − cache_write_tokens;
    `gen_ai.usage.output_tokens` (inclusive) becomes output_tokens = it − reasoning_tokens;
    `gen_ai.usage.cache_read.input_tokens` → cached_input_tokens,
    `gen_ai.usage.cache_creation.input_tokens` → cache_write_tokens,
    `gen_ai.usage.reasoning.output_tokens` → reasoning_tokens, `gen_ai.response.model` (else
    `gen_ai.request.model`) → model, `gen_ai.provider.name` → provider. Giving a field under both names
    is an error.

    Args:
        body (UsageEventBatchInputRequest | UsageEventInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EventIngestOutput | ProblemDetail
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: UsageEventBatchInputRequest | UsageEventInputRequest,
) -> Response[EventIngestOutput | ProblemDetail]:
    """Ingest usage events

     Post one event, or `{"events": [...]}` with up to 10,000 events (more: 413). Idempotent by
    `event_id` per tenant, forever: an identical repeat is a `duplicate`, stored once; the same
    `event_id` with another payload is a `conflict` and the stored event is untouched. Valid events of a
    batch are stored even when others are rejected; the response counts every verdict and lists each
    event that was not plainly accepted. A single event that is rejected gets 400, a conflicting one
    409. A body that is not JSON or has the wrong shape gets 400/413/415 and stores nothing; a database
    failure gets 503 with Retry-After and stores nothing, so retrying is safe.

    Token buckets are exclusive: `input_tokens` excludes cached and cache-write tokens, `output_tokens`
    excludes reasoning tokens. OpenTelemetry GenAI names are accepted: `gen_ai.usage.input_tokens`
    (inclusive) becomes input_tokens = it − cached_input_tokens − cache_write_tokens;
    `gen_ai.usage.output_tokens` (inclusive) becomes output_tokens = it − reasoning_tokens;
    `gen_ai.usage.cache_read.input_tokens` → cached_input_tokens,
    `gen_ai.usage.cache_creation.input_tokens` → cache_write_tokens,
    `gen_ai.usage.reasoning.output_tokens` → reasoning_tokens, `gen_ai.response.model` (else
    `gen_ai.request.model`) → model, `gen_ai.provider.name` → provider. Giving a field under both names
    is an error.

    Args:
        body (UsageEventBatchInputRequest | UsageEventInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EventIngestOutput | ProblemDetail]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: UsageEventBatchInputRequest | UsageEventInputRequest,
) -> EventIngestOutput | ProblemDetail | None:
    """Ingest usage events

     Post one event, or `{"events": [...]}` with up to 10,000 events (more: 413). Idempotent by
    `event_id` per tenant, forever: an identical repeat is a `duplicate`, stored once; the same
    `event_id` with another payload is a `conflict` and the stored event is untouched. Valid events of a
    batch are stored even when others are rejected; the response counts every verdict and lists each
    event that was not plainly accepted. A single event that is rejected gets 400, a conflicting one
    409. A body that is not JSON or has the wrong shape gets 400/413/415 and stores nothing; a database
    failure gets 503 with Retry-After and stores nothing, so retrying is safe.

    Token buckets are exclusive: `input_tokens` excludes cached and cache-write tokens, `output_tokens`
    excludes reasoning tokens. OpenTelemetry GenAI names are accepted: `gen_ai.usage.input_tokens`
    (inclusive) becomes input_tokens = it − cached_input_tokens − cache_write_tokens;
    `gen_ai.usage.output_tokens` (inclusive) becomes output_tokens = it − reasoning_tokens;
    `gen_ai.usage.cache_read.input_tokens` → cached_input_tokens,
    `gen_ai.usage.cache_creation.input_tokens` → cache_write_tokens,
    `gen_ai.usage.reasoning.output_tokens` → reasoning_tokens, `gen_ai.response.model` (else
    `gen_ai.request.model`) → model, `gen_ai.provider.name` → provider. Giving a field under both names
    is an error.

    Args:
        body (UsageEventBatchInputRequest | UsageEventInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EventIngestOutput | ProblemDetail
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
