import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.paginated_audit_entry_list import PaginatedAuditEntryList
from ...models.problem_detail import ProblemDetail
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    action: str | Unset = UNSET,
    actor: str | Unset = UNSET,
    cursor: str | Unset = UNSET,
    from_: datetime.date | datetime.datetime | str | Unset = UNSET,
    limit: int | Unset = UNSET,
    object_id: str | Unset = UNSET,
    object_type: str | Unset = UNSET,
    to: datetime.date | datetime.datetime | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["action"] = action

    params["actor"] = actor

    params["cursor"] = cursor

    json_from_: str | Unset
    if isinstance(from_, Unset):
        json_from_ = UNSET
    elif isinstance(from_, datetime.datetime) or isinstance(from_, datetime.date):
        json_from_ = from_.isoformat()
    else:
        json_from_ = from_
    params["from"] = json_from_

    params["limit"] = limit

    params["object_id"] = object_id

    params["object_type"] = object_type

    json_to: str | Unset
    if isinstance(to, Unset):
        json_to = UNSET
    elif isinstance(to, datetime.datetime) or isinstance(to, datetime.date):
        json_to = to.isoformat()
    else:
        json_to = to
    params["to"] = json_to

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/audit-log",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PaginatedAuditEntryList | ProblemDetail | None:
    if response.status_code == 200:
        response_200 = PaginatedAuditEntryList.from_dict(response.json())

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
) -> Response[PaginatedAuditEntryList | ProblemDetail]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    action: str | Unset = UNSET,
    actor: str | Unset = UNSET,
    cursor: str | Unset = UNSET,
    from_: datetime.date | datetime.datetime | str | Unset = UNSET,
    limit: int | Unset = UNSET,
    object_id: str | Unset = UNSET,
    object_type: str | Unset = UNSET,
    to: datetime.date | datetime.datetime | str | Unset = UNSET,
) -> Response[PaginatedAuditEntryList | ProblemDetail]:
    """Who moved money or changed access

     One entry per change to prices (model prices, GPU and service rates), plan versions (publish,
    retire, migrate), subscriptions (create, change, cancel), events (void, amend), re-costs, fixed
    costs, acquisition costs, cost SLOs, API keys (create, revoke) and webhook endpoints (create,
    delete): who asked (`actor`), the `action`, the object and its state `before` and `after` (null: did
    not exist / is gone). A request that changes nothing writes no entry.

    Args:
        action (str | Unset):
        actor (str | Unset):
        cursor (str | Unset):
        from_ (datetime.date | datetime.datetime | str | Unset):
        limit (int | Unset):
        object_id (str | Unset):
        object_type (str | Unset):
        to (datetime.date | datetime.datetime | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PaginatedAuditEntryList | ProblemDetail]
    """

    kwargs = _get_kwargs(
        action=action,
        actor=actor,
        cursor=cursor,
        from_=from_,
        limit=limit,
        object_id=object_id,
        object_type=object_type,
        to=to,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    action: str | Unset = UNSET,
    actor: str | Unset = UNSET,
    cursor: str | Unset = UNSET,
    from_: datetime.date | datetime.datetime | str | Unset = UNSET,
    limit: int | Unset = UNSET,
    object_id: str | Unset = UNSET,
    object_type: str | Unset = UNSET,
    to: datetime.date | datetime.datetime | str | Unset = UNSET,
) -> PaginatedAuditEntryList | ProblemDetail | None:
    """Who moved money or changed access

     One entry per change to prices (model prices, GPU and service rates), plan versions (publish,
    retire, migrate), subscriptions (create, change, cancel), events (void, amend), re-costs, fixed
    costs, acquisition costs, cost SLOs, API keys (create, revoke) and webhook endpoints (create,
    delete): who asked (`actor`), the `action`, the object and its state `before` and `after` (null: did
    not exist / is gone). A request that changes nothing writes no entry.

    Args:
        action (str | Unset):
        actor (str | Unset):
        cursor (str | Unset):
        from_ (datetime.date | datetime.datetime | str | Unset):
        limit (int | Unset):
        object_id (str | Unset):
        object_type (str | Unset):
        to (datetime.date | datetime.datetime | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PaginatedAuditEntryList | ProblemDetail
    """

    return sync_detailed(
        client=client,
        action=action,
        actor=actor,
        cursor=cursor,
        from_=from_,
        limit=limit,
        object_id=object_id,
        object_type=object_type,
        to=to,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    action: str | Unset = UNSET,
    actor: str | Unset = UNSET,
    cursor: str | Unset = UNSET,
    from_: datetime.date | datetime.datetime | str | Unset = UNSET,
    limit: int | Unset = UNSET,
    object_id: str | Unset = UNSET,
    object_type: str | Unset = UNSET,
    to: datetime.date | datetime.datetime | str | Unset = UNSET,
) -> Response[PaginatedAuditEntryList | ProblemDetail]:
    """Who moved money or changed access

     One entry per change to prices (model prices, GPU and service rates), plan versions (publish,
    retire, migrate), subscriptions (create, change, cancel), events (void, amend), re-costs, fixed
    costs, acquisition costs, cost SLOs, API keys (create, revoke) and webhook endpoints (create,
    delete): who asked (`actor`), the `action`, the object and its state `before` and `after` (null: did
    not exist / is gone). A request that changes nothing writes no entry.

    Args:
        action (str | Unset):
        actor (str | Unset):
        cursor (str | Unset):
        from_ (datetime.date | datetime.datetime | str | Unset):
        limit (int | Unset):
        object_id (str | Unset):
        object_type (str | Unset):
        to (datetime.date | datetime.datetime | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PaginatedAuditEntryList | ProblemDetail]
    """

    kwargs = _get_kwargs(
        action=action,
        actor=actor,
        cursor=cursor,
        from_=from_,
        limit=limit,
        object_id=object_id,
        object_type=object_type,
        to=to,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    action: str | Unset = UNSET,
    actor: str | Unset = UNSET,
    cursor: str | Unset = UNSET,
    from_: datetime.date | datetime.datetime | str | Unset = UNSET,
    limit: int | Unset = UNSET,
    object_id: str | Unset = UNSET,
    object_type: str | Unset = UNSET,
    to: datetime.date | datetime.datetime | str | Unset = UNSET,
) -> PaginatedAuditEntryList | ProblemDetail | None:
    """Who moved money or changed access

     One entry per change to prices (model prices, GPU and service rates), plan versions (publish,
    retire, migrate), subscriptions (create, change, cancel), events (void, amend), re-costs, fixed
    costs, acquisition costs, cost SLOs, API keys (create, revoke) and webhook endpoints (create,
    delete): who asked (`actor`), the `action`, the object and its state `before` and `after` (null: did
    not exist / is gone). A request that changes nothing writes no entry.

    Args:
        action (str | Unset):
        actor (str | Unset):
        cursor (str | Unset):
        from_ (datetime.date | datetime.datetime | str | Unset):
        limit (int | Unset):
        object_id (str | Unset):
        object_type (str | Unset):
        to (datetime.date | datetime.datetime | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PaginatedAuditEntryList | ProblemDetail
    """

    return (
        await asyncio_detailed(
            client=client,
            action=action,
            actor=actor,
            cursor=cursor,
            from_=from_,
            limit=limit,
            object_id=object_id,
            object_type=object_type,
            to=to,
        )
    ).parsed
