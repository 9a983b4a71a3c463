from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.gpu_rate_output import GpuRateOutput
from ...models.patched_gpu_rate_update_input_request import (
    PatchedGpuRateUpdateInputRequest,
)
from ...models.problem_detail import ProblemDetail
from ...types import Response


def _get_kwargs(
    gpu_rate_id: str,
    *,
    body: PatchedGpuRateUpdateInputRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/v1/costs/gpu-rates/{gpu_rate_id}".format(
            gpu_rate_id=quote(str(gpu_rate_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> GpuRateOutput | ProblemDetail | None:
    if response.status_code == 200:
        response_200 = GpuRateOutput.from_dict(response.json())

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

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[GpuRateOutput | ProblemDetail]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    gpu_rate_id: str,
    *,
    client: AuthenticatedClient,
    body: PatchedGpuRateUpdateInputRequest,
) -> Response[GpuRateOutput | ProblemDetail]:
    """Correct a GPU rate

     Read one of your GPU rates; a rate never changes (409): post one with a later valid_from.

    Args:
        gpu_rate_id (str):
        body (PatchedGpuRateUpdateInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GpuRateOutput | ProblemDetail]
    """

    kwargs = _get_kwargs(
        gpu_rate_id=gpu_rate_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    gpu_rate_id: str,
    *,
    client: AuthenticatedClient,
    body: PatchedGpuRateUpdateInputRequest,
) -> GpuRateOutput | ProblemDetail | None:
    """Correct a GPU rate

     Read one of your GPU rates; a rate never changes (409): post one with a later valid_from.

    Args:
        gpu_rate_id (str):
        body (PatchedGpuRateUpdateInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GpuRateOutput | ProblemDetail
    """

    return sync_detailed(
        gpu_rate_id=gpu_rate_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    gpu_rate_id: str,
    *,
    client: AuthenticatedClient,
    body: PatchedGpuRateUpdateInputRequest,
) -> Response[GpuRateOutput | ProblemDetail]:
    """Correct a GPU rate

     Read one of your GPU rates; a rate never changes (409): post one with a later valid_from.

    Args:
        gpu_rate_id (str):
        body (PatchedGpuRateUpdateInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GpuRateOutput | ProblemDetail]
    """

    kwargs = _get_kwargs(
        gpu_rate_id=gpu_rate_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    gpu_rate_id: str,
    *,
    client: AuthenticatedClient,
    body: PatchedGpuRateUpdateInputRequest,
) -> GpuRateOutput | ProblemDetail | None:
    """Correct a GPU rate

     Read one of your GPU rates; a rate never changes (409): post one with a later valid_from.

    Args:
        gpu_rate_id (str):
        body (PatchedGpuRateUpdateInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GpuRateOutput | ProblemDetail
    """

    return (
        await asyncio_detailed(
            gpu_rate_id=gpu_rate_id,
            client=client,
            body=body,
        )
    ).parsed
