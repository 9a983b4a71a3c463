from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.customer_read_token_create_input_request import (
    CustomerReadTokenCreateInputRequest,
)
from ...models.customer_read_token_created_output import CustomerReadTokenCreatedOutput
from ...models.problem_detail import ProblemDetail
from ...types import UNSET, Response, Unset


def _get_kwargs(
    customer_id: str,
    *,
    body: CustomerReadTokenCreateInputRequest | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/customers/{customer_id}/read-tokens".format(
            customer_id=quote(str(customer_id), safe=""),
        ),
    }

    if not isinstance(body, Unset):
        _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CustomerReadTokenCreatedOutput | ProblemDetail | None:
    if response.status_code == 201:
        response_201 = CustomerReadTokenCreatedOutput.from_dict(response.json())

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

    if response.status_code == 404:
        response_404 = ProblemDetail.from_dict(response.json())

        return response_404

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
) -> Response[CustomerReadTokenCreatedOutput | ProblemDetail]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    customer_id: str,
    *,
    client: AuthenticatedClient,
    body: CustomerReadTokenCreateInputRequest | Unset = UNSET,
) -> Response[CustomerReadTokenCreatedOutput | ProblemDetail]:
    """Issue a read token for a customer portal

     A short-lived bearer token for your own customer portal: it reads this customer's usage, invoice
    preview (charges so far and credits applied) and credit balance, and nothing else. A token reads,
    for its customer only: GET /v1/customers/{customer_id}, GET /v1/usage (filtered to the customer),
    GET /v1/customers/{customer_id}/credits, GET /v1/customers/{customer_id}/credit-grants and GET
    /v1/customers/{customer_id}/invoice-preview. Any other operation answers it 403, another customer
    404. The token is shown once; only its digest is stored. It is refused from the request after it
    expires or is revoked.

    Args:
        customer_id (str):
        body (CustomerReadTokenCreateInputRequest | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CustomerReadTokenCreatedOutput | ProblemDetail]
    """

    kwargs = _get_kwargs(
        customer_id=customer_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    customer_id: str,
    *,
    client: AuthenticatedClient,
    body: CustomerReadTokenCreateInputRequest | Unset = UNSET,
) -> CustomerReadTokenCreatedOutput | ProblemDetail | None:
    """Issue a read token for a customer portal

     A short-lived bearer token for your own customer portal: it reads this customer's usage, invoice
    preview (charges so far and credits applied) and credit balance, and nothing else. A token reads,
    for its customer only: GET /v1/customers/{customer_id}, GET /v1/usage (filtered to the customer),
    GET /v1/customers/{customer_id}/credits, GET /v1/customers/{customer_id}/credit-grants and GET
    /v1/customers/{customer_id}/invoice-preview. Any other operation answers it 403, another customer
    404. The token is shown once; only its digest is stored. It is refused from the request after it
    expires or is revoked.

    Args:
        customer_id (str):
        body (CustomerReadTokenCreateInputRequest | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CustomerReadTokenCreatedOutput | ProblemDetail
    """

    return sync_detailed(
        customer_id=customer_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    customer_id: str,
    *,
    client: AuthenticatedClient,
    body: CustomerReadTokenCreateInputRequest | Unset = UNSET,
) -> Response[CustomerReadTokenCreatedOutput | ProblemDetail]:
    """Issue a read token for a customer portal

     A short-lived bearer token for your own customer portal: it reads this customer's usage, invoice
    preview (charges so far and credits applied) and credit balance, and nothing else. A token reads,
    for its customer only: GET /v1/customers/{customer_id}, GET /v1/usage (filtered to the customer),
    GET /v1/customers/{customer_id}/credits, GET /v1/customers/{customer_id}/credit-grants and GET
    /v1/customers/{customer_id}/invoice-preview. Any other operation answers it 403, another customer
    404. The token is shown once; only its digest is stored. It is refused from the request after it
    expires or is revoked.

    Args:
        customer_id (str):
        body (CustomerReadTokenCreateInputRequest | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CustomerReadTokenCreatedOutput | ProblemDetail]
    """

    kwargs = _get_kwargs(
        customer_id=customer_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    customer_id: str,
    *,
    client: AuthenticatedClient,
    body: CustomerReadTokenCreateInputRequest | Unset = UNSET,
) -> CustomerReadTokenCreatedOutput | ProblemDetail | None:
    """Issue a read token for a customer portal

     A short-lived bearer token for your own customer portal: it reads this customer's usage, invoice
    preview (charges so far and credits applied) and credit balance, and nothing else. A token reads,
    for its customer only: GET /v1/customers/{customer_id}, GET /v1/usage (filtered to the customer),
    GET /v1/customers/{customer_id}/credits, GET /v1/customers/{customer_id}/credit-grants and GET
    /v1/customers/{customer_id}/invoice-preview. Any other operation answers it 403, another customer
    404. The token is shown once; only its digest is stored. It is refused from the request after it
    expires or is revoked.

    Args:
        customer_id (str):
        body (CustomerReadTokenCreateInputRequest | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CustomerReadTokenCreatedOutput | ProblemDetail
    """

    return (
        await asyncio_detailed(
            customer_id=customer_id,
            client=client,
            body=body,
        )
    ).parsed
