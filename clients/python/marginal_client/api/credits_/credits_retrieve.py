from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.credit_balance_output import CreditBalanceOutput
from ...models.problem_detail import ProblemDetail
from ...types import UNSET, Response, Unset


def _get_kwargs(
    customer_id: str,
    *,
    currency: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["currency"] = currency

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/customers/{customer_id}/credits".format(
            customer_id=quote(str(customer_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CreditBalanceOutput | ProblemDetail | None:
    if response.status_code == 200:
        response_200 = CreditBalanceOutput.from_dict(response.json())

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
) -> Response[CreditBalanceOutput | ProblemDetail]:
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
    currency: str | Unset = UNSET,
) -> Response[CreditBalanceOutput | ProblemDetail]:
    """Read a customer's credit balance and ledger

     Read a customer's credit balance, exact to the last rated event, with its ledger.

    Args:
        customer_id (str):
        currency (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CreditBalanceOutput | ProblemDetail]
    """

    kwargs = _get_kwargs(
        customer_id=customer_id,
        currency=currency,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    customer_id: str,
    *,
    client: AuthenticatedClient,
    currency: str | Unset = UNSET,
) -> CreditBalanceOutput | ProblemDetail | None:
    """Read a customer's credit balance and ledger

     Read a customer's credit balance, exact to the last rated event, with its ledger.

    Args:
        customer_id (str):
        currency (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CreditBalanceOutput | ProblemDetail
    """

    return sync_detailed(
        customer_id=customer_id,
        client=client,
        currency=currency,
    ).parsed


async def asyncio_detailed(
    customer_id: str,
    *,
    client: AuthenticatedClient,
    currency: str | Unset = UNSET,
) -> Response[CreditBalanceOutput | ProblemDetail]:
    """Read a customer's credit balance and ledger

     Read a customer's credit balance, exact to the last rated event, with its ledger.

    Args:
        customer_id (str):
        currency (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CreditBalanceOutput | ProblemDetail]
    """

    kwargs = _get_kwargs(
        customer_id=customer_id,
        currency=currency,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    customer_id: str,
    *,
    client: AuthenticatedClient,
    currency: str | Unset = UNSET,
) -> CreditBalanceOutput | ProblemDetail | None:
    """Read a customer's credit balance and ledger

     Read a customer's credit balance, exact to the last rated event, with its ledger.

    Args:
        customer_id (str):
        currency (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CreditBalanceOutput | ProblemDetail
    """

    return (
        await asyncio_detailed(
            customer_id=customer_id,
            client=client,
            currency=currency,
        )
    ).parsed
