from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem_detail import ProblemDetail
from ...models.what_if_create_input_request import WhatIfCreateInputRequest
from ...models.what_if_output import WhatIfOutput
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: WhatIfCreateInputRequest,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/what-ifs",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ProblemDetail | WhatIfOutput | None:
    if response.status_code == 202:
        response_202 = WhatIfOutput.from_dict(response.json())

        return response_202

    if response.status_code == 400:
        response_400 = ProblemDetail.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ProblemDetail.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ProblemDetail.from_dict(response.json())

        return response_403

    if response.status_code == 409:
        response_409 = ProblemDetail.from_dict(response.json())

        return response_409

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
) -> Response[ProblemDetail | WhatIfOutput]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: WhatIfCreateInputRequest,
    idempotency_key: str | Unset = UNSET,
) -> Response[ProblemDetail | WhatIfOutput]:
    """Re-engineer, reprice or retire a class on past months

     Queue a what-if: the months' events of the classes a change touches are re-costed in memory under
    the changed cost book (the cost book's own code, exact decimals); a retired class's usage is removed
    before rating, so its usage charges go and flat fees are re-spread over the remaining requests; a
    candidate plan reprices every customer. Follow `GET /v1/what-ifs/{what_if_id}` until `status` is
    `succeeded` or `failed`. Nothing but the what-if itself is written.

    Args:
        idempotency_key (str | Unset):
        body (WhatIfCreateInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetail | WhatIfOutput]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: WhatIfCreateInputRequest,
    idempotency_key: str | Unset = UNSET,
) -> ProblemDetail | WhatIfOutput | None:
    """Re-engineer, reprice or retire a class on past months

     Queue a what-if: the months' events of the classes a change touches are re-costed in memory under
    the changed cost book (the cost book's own code, exact decimals); a retired class's usage is removed
    before rating, so its usage charges go and flat fees are re-spread over the remaining requests; a
    candidate plan reprices every customer. Follow `GET /v1/what-ifs/{what_if_id}` until `status` is
    `succeeded` or `failed`. Nothing but the what-if itself is written.

    Args:
        idempotency_key (str | Unset):
        body (WhatIfCreateInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetail | WhatIfOutput
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: WhatIfCreateInputRequest,
    idempotency_key: str | Unset = UNSET,
) -> Response[ProblemDetail | WhatIfOutput]:
    """Re-engineer, reprice or retire a class on past months

     Queue a what-if: the months' events of the classes a change touches are re-costed in memory under
    the changed cost book (the cost book's own code, exact decimals); a retired class's usage is removed
    before rating, so its usage charges go and flat fees are re-spread over the remaining requests; a
    candidate plan reprices every customer. Follow `GET /v1/what-ifs/{what_if_id}` until `status` is
    `succeeded` or `failed`. Nothing but the what-if itself is written.

    Args:
        idempotency_key (str | Unset):
        body (WhatIfCreateInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetail | WhatIfOutput]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: WhatIfCreateInputRequest,
    idempotency_key: str | Unset = UNSET,
) -> ProblemDetail | WhatIfOutput | None:
    """Re-engineer, reprice or retire a class on past months

     Queue a what-if: the months' events of the classes a change touches are re-costed in memory under
    the changed cost book (the cost book's own code, exact decimals); a retired class's usage is removed
    before rating, so its usage charges go and flat fees are re-spread over the remaining requests; a
    candidate plan reprices every customer. Follow `GET /v1/what-ifs/{what_if_id}` until `status` is
    `succeeded` or `failed`. Nothing but the what-if itself is written.

    Args:
        idempotency_key (str | Unset):
        body (WhatIfCreateInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetail | WhatIfOutput
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
