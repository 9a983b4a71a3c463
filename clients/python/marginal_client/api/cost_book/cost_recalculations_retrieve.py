from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.cost_recalculation_output import CostRecalculationOutput
from ...models.problem_detail import ProblemDetail
from ...types import Response


def _get_kwargs(
    recalculation_id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/costs/recalculations/{recalculation_id}".format(
            recalculation_id=quote(str(recalculation_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CostRecalculationOutput | ProblemDetail | None:
    if response.status_code == 200:
        response_200 = CostRecalculationOutput.from_dict(response.json())

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
) -> Response[CostRecalculationOutput | ProblemDetail]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    recalculation_id: str,
    *,
    client: AuthenticatedClient,
) -> Response[CostRecalculationOutput | ProblemDetail]:
    """Read one re-cost

     Read one re-cost: its status, events seen and changed, totals before and after.

    Args:
        recalculation_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CostRecalculationOutput | ProblemDetail]
    """

    kwargs = _get_kwargs(
        recalculation_id=recalculation_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    recalculation_id: str,
    *,
    client: AuthenticatedClient,
) -> CostRecalculationOutput | ProblemDetail | None:
    """Read one re-cost

     Read one re-cost: its status, events seen and changed, totals before and after.

    Args:
        recalculation_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CostRecalculationOutput | ProblemDetail
    """

    return sync_detailed(
        recalculation_id=recalculation_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    recalculation_id: str,
    *,
    client: AuthenticatedClient,
) -> Response[CostRecalculationOutput | ProblemDetail]:
    """Read one re-cost

     Read one re-cost: its status, events seen and changed, totals before and after.

    Args:
        recalculation_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CostRecalculationOutput | ProblemDetail]
    """

    kwargs = _get_kwargs(
        recalculation_id=recalculation_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    recalculation_id: str,
    *,
    client: AuthenticatedClient,
) -> CostRecalculationOutput | ProblemDetail | None:
    """Read one re-cost

     Read one re-cost: its status, events seen and changed, totals before and after.

    Args:
        recalculation_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CostRecalculationOutput | ProblemDetail
    """

    return (
        await asyncio_detailed(
            recalculation_id=recalculation_id,
            client=client,
        )
    ).parsed
