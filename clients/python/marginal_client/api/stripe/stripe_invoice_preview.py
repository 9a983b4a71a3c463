from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem_detail import ProblemDetail
from ...models.stripe_preview_output import StripePreviewOutput
from ...types import UNSET, Response, Unset


def _get_kwargs(
    customer_id: str,
    *,
    period: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["period"] = period

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/integrations/stripe/customers/{customer_id}/preview".format(
            customer_id=quote(str(customer_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ProblemDetail | StripePreviewOutput | None:
    if response.status_code == 200:
        response_200 = StripePreviewOutput.from_dict(response.json())

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
) -> Response[ProblemDetail | StripePreviewOutput]:
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
    period: str | Unset = UNSET,
) -> Response[ProblemDetail | StripePreviewOutput]:
    """Show a customer's Marginal invoice beside Stripe's

     Show a customer's Marginal invoice beside Stripe's (its upcoming invoice this month).

    Args:
        customer_id (str):
        period (str | Unset):  Example: 2026-11.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetail | StripePreviewOutput]
    """

    kwargs = _get_kwargs(
        customer_id=customer_id,
        period=period,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    customer_id: str,
    *,
    client: AuthenticatedClient,
    period: str | Unset = UNSET,
) -> ProblemDetail | StripePreviewOutput | None:
    """Show a customer's Marginal invoice beside Stripe's

     Show a customer's Marginal invoice beside Stripe's (its upcoming invoice this month).

    Args:
        customer_id (str):
        period (str | Unset):  Example: 2026-11.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetail | StripePreviewOutput
    """

    return sync_detailed(
        customer_id=customer_id,
        client=client,
        period=period,
    ).parsed


async def asyncio_detailed(
    customer_id: str,
    *,
    client: AuthenticatedClient,
    period: str | Unset = UNSET,
) -> Response[ProblemDetail | StripePreviewOutput]:
    """Show a customer's Marginal invoice beside Stripe's

     Show a customer's Marginal invoice beside Stripe's (its upcoming invoice this month).

    Args:
        customer_id (str):
        period (str | Unset):  Example: 2026-11.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetail | StripePreviewOutput]
    """

    kwargs = _get_kwargs(
        customer_id=customer_id,
        period=period,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    customer_id: str,
    *,
    client: AuthenticatedClient,
    period: str | Unset = UNSET,
) -> ProblemDetail | StripePreviewOutput | None:
    """Show a customer's Marginal invoice beside Stripe's

     Show a customer's Marginal invoice beside Stripe's (its upcoming invoice this month).

    Args:
        customer_id (str):
        period (str | Unset):  Example: 2026-11.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetail | StripePreviewOutput
    """

    return (
        await asyncio_detailed(
            customer_id=customer_id,
            client=client,
            period=period,
        )
    ).parsed
