from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem_detail import ProblemDetail
from ...models.service_rate_output import ServiceRateOutput
from ...types import Response


def _get_kwargs(
    service_rate_id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/costs/service-rates/{service_rate_id}".format(
            service_rate_id=quote(str(service_rate_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ProblemDetail | ServiceRateOutput | None:
    if response.status_code == 200:
        response_200 = ServiceRateOutput.from_dict(response.json())

        return response_200

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
) -> Response[ProblemDetail | ServiceRateOutput]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    service_rate_id: str,
    *,
    client: AuthenticatedClient,
) -> Response[ProblemDetail | ServiceRateOutput]:
    """Read a service rate

     Read one of your service rates; a rate never changes (409): post a later one instead.

    Args:
        service_rate_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetail | ServiceRateOutput]
    """

    kwargs = _get_kwargs(
        service_rate_id=service_rate_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    service_rate_id: str,
    *,
    client: AuthenticatedClient,
) -> ProblemDetail | ServiceRateOutput | None:
    """Read a service rate

     Read one of your service rates; a rate never changes (409): post a later one instead.

    Args:
        service_rate_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetail | ServiceRateOutput
    """

    return sync_detailed(
        service_rate_id=service_rate_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    service_rate_id: str,
    *,
    client: AuthenticatedClient,
) -> Response[ProblemDetail | ServiceRateOutput]:
    """Read a service rate

     Read one of your service rates; a rate never changes (409): post a later one instead.

    Args:
        service_rate_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetail | ServiceRateOutput]
    """

    kwargs = _get_kwargs(
        service_rate_id=service_rate_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    service_rate_id: str,
    *,
    client: AuthenticatedClient,
) -> ProblemDetail | ServiceRateOutput | None:
    """Read a service rate

     Read one of your service rates; a rate never changes (409): post a later one instead.

    Args:
        service_rate_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetail | ServiceRateOutput
    """

    return (
        await asyncio_detailed(
            service_rate_id=service_rate_id,
            client=client,
        )
    ).parsed
