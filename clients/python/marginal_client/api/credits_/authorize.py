from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.authorize_input_request import AuthorizeInputRequest
from ...models.authorize_output import AuthorizeOutput
from ...models.problem_detail import ProblemDetail
from ...types import Response


def _get_kwargs(
    *,
    body: AuthorizeInputRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/authorize",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AuthorizeOutput | ProblemDetail | None:
    if response.status_code == 200:
        response_200 = AuthorizeOutput.from_dict(response.json())

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

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[AuthorizeOutput | ProblemDetail]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: AuthorizeInputRequest,
) -> Response[AuthorizeOutput | ProblemDetail]:
    """Authorise a request before it runs

     Allow or deny a request before it runs, against credits, budgets and margin floors.

    Spend exactly at a limit (or using the last credit) is allowed; above it is denied. An
    allowed request holds its amounts until settled, released, or `hold_seconds` pass. Put the
    `authorization_id` in the usage event's `properties.authorization_id`: the costed event
    settles the hold with its rated revenue and cost.

    Args:
        body (AuthorizeInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AuthorizeOutput | ProblemDetail]
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
    body: AuthorizeInputRequest,
) -> AuthorizeOutput | ProblemDetail | None:
    """Authorise a request before it runs

     Allow or deny a request before it runs, against credits, budgets and margin floors.

    Spend exactly at a limit (or using the last credit) is allowed; above it is denied. An
    allowed request holds its amounts until settled, released, or `hold_seconds` pass. Put the
    `authorization_id` in the usage event's `properties.authorization_id`: the costed event
    settles the hold with its rated revenue and cost.

    Args:
        body (AuthorizeInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AuthorizeOutput | ProblemDetail
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: AuthorizeInputRequest,
) -> Response[AuthorizeOutput | ProblemDetail]:
    """Authorise a request before it runs

     Allow or deny a request before it runs, against credits, budgets and margin floors.

    Spend exactly at a limit (or using the last credit) is allowed; above it is denied. An
    allowed request holds its amounts until settled, released, or `hold_seconds` pass. Put the
    `authorization_id` in the usage event's `properties.authorization_id`: the costed event
    settles the hold with its rated revenue and cost.

    Args:
        body (AuthorizeInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AuthorizeOutput | ProblemDetail]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: AuthorizeInputRequest,
) -> AuthorizeOutput | ProblemDetail | None:
    """Authorise a request before it runs

     Allow or deny a request before it runs, against credits, budgets and margin floors.

    Spend exactly at a limit (or using the last credit) is allowed; above it is denied. An
    allowed request holds its amounts until settled, released, or `hold_seconds` pass. Put the
    `authorization_id` in the usage event's `properties.authorization_id`: the costed event
    settles the hold with its rated revenue and cost.

    Args:
        body (AuthorizeInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AuthorizeOutput | ProblemDetail
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
