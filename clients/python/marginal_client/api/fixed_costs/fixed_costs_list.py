from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.fixed_costs_list_category import FixedCostsListCategory
from ...models.paginated_fixed_cost_list import PaginatedFixedCostList
from ...models.problem_detail import ProblemDetail
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    category: FixedCostsListCategory | Unset = UNSET,
    cursor: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    request_class: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_category: str | Unset = UNSET
    if not isinstance(category, Unset):
        json_category = category.value

    params["category"] = json_category

    params["cursor"] = cursor

    params["limit"] = limit

    params["request_class"] = request_class

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/fixed-costs",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PaginatedFixedCostList | ProblemDetail | None:
    if response.status_code == 200:
        response_200 = PaginatedFixedCostList.from_dict(response.json())

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
) -> Response[PaginatedFixedCostList | ProblemDetail]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    category: FixedCostsListCategory | Unset = UNSET,
    cursor: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    request_class: str | Unset = UNSET,
) -> Response[PaginatedFixedCostList | ProblemDetail]:
    """List fixed costs

     List your monthly fixed costs, or add one for a request class or the whole tenant.

    Args:
        category (FixedCostsListCategory | Unset):
        cursor (str | Unset):
        limit (int | Unset):
        request_class (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PaginatedFixedCostList | ProblemDetail]
    """

    kwargs = _get_kwargs(
        category=category,
        cursor=cursor,
        limit=limit,
        request_class=request_class,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    category: FixedCostsListCategory | Unset = UNSET,
    cursor: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    request_class: str | Unset = UNSET,
) -> PaginatedFixedCostList | ProblemDetail | None:
    """List fixed costs

     List your monthly fixed costs, or add one for a request class or the whole tenant.

    Args:
        category (FixedCostsListCategory | Unset):
        cursor (str | Unset):
        limit (int | Unset):
        request_class (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PaginatedFixedCostList | ProblemDetail
    """

    return sync_detailed(
        client=client,
        category=category,
        cursor=cursor,
        limit=limit,
        request_class=request_class,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    category: FixedCostsListCategory | Unset = UNSET,
    cursor: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    request_class: str | Unset = UNSET,
) -> Response[PaginatedFixedCostList | ProblemDetail]:
    """List fixed costs

     List your monthly fixed costs, or add one for a request class or the whole tenant.

    Args:
        category (FixedCostsListCategory | Unset):
        cursor (str | Unset):
        limit (int | Unset):
        request_class (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PaginatedFixedCostList | ProblemDetail]
    """

    kwargs = _get_kwargs(
        category=category,
        cursor=cursor,
        limit=limit,
        request_class=request_class,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    category: FixedCostsListCategory | Unset = UNSET,
    cursor: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    request_class: str | Unset = UNSET,
) -> PaginatedFixedCostList | ProblemDetail | None:
    """List fixed costs

     List your monthly fixed costs, or add one for a request class or the whole tenant.

    Args:
        category (FixedCostsListCategory | Unset):
        cursor (str | Unset):
        limit (int | Unset):
        request_class (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PaginatedFixedCostList | ProblemDetail
    """

    return (
        await asyncio_detailed(
            client=client,
            category=category,
            cursor=cursor,
            limit=limit,
            request_class=request_class,
        )
    ).parsed
