from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.otlp_traces_export_json_body import OtlpTracesExportJsonBody
from ...models.otlp_traces_export_response_200 import OtlpTracesExportResponse200
from ...models.problem_detail import ProblemDetail
from ...types import UNSET, File, Response


def _get_kwargs(
    *,
    body: File | OtlpTracesExportJsonBody | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/otlp/v1/traces",
    }

    if isinstance(body, File):
        _kwargs["content"] = body.payload
        headers["Content-Type"] = "application/x-protobuf"
    if isinstance(body, OtlpTracesExportJsonBody):
        _kwargs["json"] = body.to_dict()

        headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> OtlpTracesExportResponse200 | ProblemDetail | None:
    if response.status_code == 200:
        response_200 = OtlpTracesExportResponse200.from_dict(response.json())

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
) -> Response[OtlpTracesExportResponse200 | ProblemDetail]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: File | OtlpTracesExportJsonBody | Unset = UNSET,
) -> Response[OtlpTracesExportResponse200 | ProblemDetail]:
    """Export OpenTelemetry traces (OTLP/HTTP)

     The OTLP/HTTP traces endpoint: point an OpenTelemetry SDK exporter or a collector's `otlphttp`
    exporter at `<base>/v1/otlp` (it appends `/v1/traces`) with the header `Authorization: Bearer
    <ingest key>`. Protobuf (`application/x-protobuf`) or OTLP JSON (`application/json`), optionally
    `Content-Encoding: gzip`.

    Each span carrying a `gen_ai.usage.*` attribute becomes one usage event through the same idempotent
    path as `POST /v1/events`: event_id `<trace id>-<span id>` (a span exported twice counts once),
    trace_id the trace id, timestamp the span's end, latency its duration, outcome `failure` for an
    ERROR status; tokens, model and provider from `gen_ai.usage.*`, `gen_ai.response.model` (else
    `gen_ai.request.model`) and `gen_ai.provider.name`. The customer is the first of
    `marginal.customer_id`, `enduser.id` present, each looked up on the span, then on its resource; the
    request class likewise the first of `marginal.request_class`, `gen_ai.operation.name` (both lists
    are settings: OTLP_CUSTOMER_ATTRIBUTES, OTLP_REQUEST_CLASS_ATTRIBUTES). Other spans are skipped. A
    usage span that cannot become an event is rejected and the answer's `partialSuccess` counts it and
    says why; the others are stored.

    Args:
        body (File):
        body (OtlpTracesExportJsonBody): An OTLP ExportTraceServiceRequest in OTLP JSON (ids in
            hex).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[OtlpTracesExportResponse200 | ProblemDetail]
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
    body: File | OtlpTracesExportJsonBody | Unset = UNSET,
) -> OtlpTracesExportResponse200 | ProblemDetail | None:
    """Export OpenTelemetry traces (OTLP/HTTP)

     The OTLP/HTTP traces endpoint: point an OpenTelemetry SDK exporter or a collector's `otlphttp`
    exporter at `<base>/v1/otlp` (it appends `/v1/traces`) with the header `Authorization: Bearer
    <ingest key>`. Protobuf (`application/x-protobuf`) or OTLP JSON (`application/json`), optionally
    `Content-Encoding: gzip`.

    Each span carrying a `gen_ai.usage.*` attribute becomes one usage event through the same idempotent
    path as `POST /v1/events`: event_id `<trace id>-<span id>` (a span exported twice counts once),
    trace_id the trace id, timestamp the span's end, latency its duration, outcome `failure` for an
    ERROR status; tokens, model and provider from `gen_ai.usage.*`, `gen_ai.response.model` (else
    `gen_ai.request.model`) and `gen_ai.provider.name`. The customer is the first of
    `marginal.customer_id`, `enduser.id` present, each looked up on the span, then on its resource; the
    request class likewise the first of `marginal.request_class`, `gen_ai.operation.name` (both lists
    are settings: OTLP_CUSTOMER_ATTRIBUTES, OTLP_REQUEST_CLASS_ATTRIBUTES). Other spans are skipped. A
    usage span that cannot become an event is rejected and the answer's `partialSuccess` counts it and
    says why; the others are stored.

    Args:
        body (File):
        body (OtlpTracesExportJsonBody): An OTLP ExportTraceServiceRequest in OTLP JSON (ids in
            hex).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        OtlpTracesExportResponse200 | ProblemDetail
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: File | OtlpTracesExportJsonBody | Unset = UNSET,
) -> Response[OtlpTracesExportResponse200 | ProblemDetail]:
    """Export OpenTelemetry traces (OTLP/HTTP)

     The OTLP/HTTP traces endpoint: point an OpenTelemetry SDK exporter or a collector's `otlphttp`
    exporter at `<base>/v1/otlp` (it appends `/v1/traces`) with the header `Authorization: Bearer
    <ingest key>`. Protobuf (`application/x-protobuf`) or OTLP JSON (`application/json`), optionally
    `Content-Encoding: gzip`.

    Each span carrying a `gen_ai.usage.*` attribute becomes one usage event through the same idempotent
    path as `POST /v1/events`: event_id `<trace id>-<span id>` (a span exported twice counts once),
    trace_id the trace id, timestamp the span's end, latency its duration, outcome `failure` for an
    ERROR status; tokens, model and provider from `gen_ai.usage.*`, `gen_ai.response.model` (else
    `gen_ai.request.model`) and `gen_ai.provider.name`. The customer is the first of
    `marginal.customer_id`, `enduser.id` present, each looked up on the span, then on its resource; the
    request class likewise the first of `marginal.request_class`, `gen_ai.operation.name` (both lists
    are settings: OTLP_CUSTOMER_ATTRIBUTES, OTLP_REQUEST_CLASS_ATTRIBUTES). Other spans are skipped. A
    usage span that cannot become an event is rejected and the answer's `partialSuccess` counts it and
    says why; the others are stored.

    Args:
        body (File):
        body (OtlpTracesExportJsonBody): An OTLP ExportTraceServiceRequest in OTLP JSON (ids in
            hex).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[OtlpTracesExportResponse200 | ProblemDetail]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: File | OtlpTracesExportJsonBody | Unset = UNSET,
) -> OtlpTracesExportResponse200 | ProblemDetail | None:
    """Export OpenTelemetry traces (OTLP/HTTP)

     The OTLP/HTTP traces endpoint: point an OpenTelemetry SDK exporter or a collector's `otlphttp`
    exporter at `<base>/v1/otlp` (it appends `/v1/traces`) with the header `Authorization: Bearer
    <ingest key>`. Protobuf (`application/x-protobuf`) or OTLP JSON (`application/json`), optionally
    `Content-Encoding: gzip`.

    Each span carrying a `gen_ai.usage.*` attribute becomes one usage event through the same idempotent
    path as `POST /v1/events`: event_id `<trace id>-<span id>` (a span exported twice counts once),
    trace_id the trace id, timestamp the span's end, latency its duration, outcome `failure` for an
    ERROR status; tokens, model and provider from `gen_ai.usage.*`, `gen_ai.response.model` (else
    `gen_ai.request.model`) and `gen_ai.provider.name`. The customer is the first of
    `marginal.customer_id`, `enduser.id` present, each looked up on the span, then on its resource; the
    request class likewise the first of `marginal.request_class`, `gen_ai.operation.name` (both lists
    are settings: OTLP_CUSTOMER_ATTRIBUTES, OTLP_REQUEST_CLASS_ATTRIBUTES). Other spans are skipped. A
    usage span that cannot become an event is rejected and the answer's `partialSuccess` counts it and
    says why; the others are stored.

    Args:
        body (File):
        body (OtlpTracesExportJsonBody): An OTLP ExportTraceServiceRequest in OTLP JSON (ids in
            hex).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        OtlpTracesExportResponse200 | ProblemDetail
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
