from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.economics_customers_list_status import EconomicsCustomersListStatus
from ...models.paginated_customer_economics_list import PaginatedCustomerEconomicsList
from ...models.problem_detail import ProblemDetail
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    cursor: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    status: EconomicsCustomersListStatus | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["cursor"] = cursor

    params["limit"] = limit

    json_status: str | Unset = UNSET
    if not isinstance(status, Unset):
        json_status = status.value

    params["status"] = json_status

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/economics/customers",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PaginatedCustomerEconomicsList | ProblemDetail | None:
    if response.status_code == 200:
        response_200 = PaginatedCustomerEconomicsList.from_dict(response.json())

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
) -> Response[PaginatedCustomerEconomicsList | ProblemDetail]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    cursor: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    status: EconomicsCustomersListStatus | Unset = UNSET,
) -> Response[PaginatedCustomerEconomicsList | ProblemDetail]:
    """List the economics of every customer

     LTV, CAC payback, gross margin and churn state of every customer, by external_id.

    Args:
        cursor (str | Unset):
        limit (int | Unset):
        status (EconomicsCustomersListStatus | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PaginatedCustomerEconomicsList | ProblemDetail]
    """

    kwargs = _get_kwargs(
        cursor=cursor,
        limit=limit,
        status=status,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    cursor: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    status: EconomicsCustomersListStatus | Unset = UNSET,
) -> PaginatedCustomerEconomicsList | ProblemDetail | None:
    """List the economics of every customer

     LTV, CAC payback, gross margin and churn state of every customer, by external_id.

    Args:
        cursor (str | Unset):
        limit (int | Unset):
        status (EconomicsCustomersListStatus | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PaginatedCustomerEconomicsList | ProblemDetail
    """

    return sync_detailed(
        client=client,
        cursor=cursor,
        limit=limit,
        status=status,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    cursor: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    status: EconomicsCustomersListStatus | Unset = UNSET,
) -> Response[PaginatedCustomerEconomicsList | ProblemDetail]:
    """List the economics of every customer

     LTV, CAC payback, gross margin and churn state of every customer, by external_id.

    Args:
        cursor (str | Unset):
        limit (int | Unset):
        status (EconomicsCustomersListStatus | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PaginatedCustomerEconomicsList | ProblemDetail]
    """

    kwargs = _get_kwargs(
        cursor=cursor,
        limit=limit,
        status=status,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    cursor: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    status: EconomicsCustomersListStatus | Unset = UNSET,
) -> PaginatedCustomerEconomicsList | ProblemDetail | None:
    """List the economics of every customer

     LTV, CAC payback, gross margin and churn state of every customer, by external_id.

    Args:
        cursor (str | Unset):
        limit (int | Unset):
        status (EconomicsCustomersListStatus | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PaginatedCustomerEconomicsList | ProblemDetail
    """

    return (
        await asyncio_detailed(
            client=client,
            cursor=cursor,
            limit=limit,
            status=status,
        )
    ).parsed
