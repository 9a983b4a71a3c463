from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.customer_read_token_output import CustomerReadTokenOutput
from ...models.problem_detail import ProblemDetail
from ...types import Response


def _get_kwargs(
    customer_id: str,
    read_token_id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/v1/customers/{customer_id}/read-tokens/{read_token_id}".format(
            customer_id=quote(str(customer_id), safe=""),
            read_token_id=quote(str(read_token_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CustomerReadTokenOutput | ProblemDetail | None:
    if response.status_code == 200:
        response_200 = CustomerReadTokenOutput.from_dict(response.json())

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
) -> Response[CustomerReadTokenOutput | ProblemDetail]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    customer_id: str,
    read_token_id: str,
    *,
    client: AuthenticatedClient,
) -> Response[CustomerReadTokenOutput | ProblemDetail]:
    """Revoke a customer's read token

     Revoke a customer's read token; the next request with it gets 401.

    Args:
        customer_id (str):
        read_token_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CustomerReadTokenOutput | ProblemDetail]
    """

    kwargs = _get_kwargs(
        customer_id=customer_id,
        read_token_id=read_token_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    customer_id: str,
    read_token_id: str,
    *,
    client: AuthenticatedClient,
) -> CustomerReadTokenOutput | ProblemDetail | None:
    """Revoke a customer's read token

     Revoke a customer's read token; the next request with it gets 401.

    Args:
        customer_id (str):
        read_token_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CustomerReadTokenOutput | ProblemDetail
    """

    return sync_detailed(
        customer_id=customer_id,
        read_token_id=read_token_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    customer_id: str,
    read_token_id: str,
    *,
    client: AuthenticatedClient,
) -> Response[CustomerReadTokenOutput | ProblemDetail]:
    """Revoke a customer's read token

     Revoke a customer's read token; the next request with it gets 401.

    Args:
        customer_id (str):
        read_token_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CustomerReadTokenOutput | ProblemDetail]
    """

    kwargs = _get_kwargs(
        customer_id=customer_id,
        read_token_id=read_token_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    customer_id: str,
    read_token_id: str,
    *,
    client: AuthenticatedClient,
) -> CustomerReadTokenOutput | ProblemDetail | None:
    """Revoke a customer's read token

     Revoke a customer's read token; the next request with it gets 401.

    Args:
        customer_id (str):
        read_token_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CustomerReadTokenOutput | ProblemDetail
    """

    return (
        await asyncio_detailed(
            customer_id=customer_id,
            read_token_id=read_token_id,
            client=client,
        )
    ).parsed
