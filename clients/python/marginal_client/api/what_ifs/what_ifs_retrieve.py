from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem_detail import ProblemDetail
from ...models.what_if_output import WhatIfOutput
from ...types import Response


def _get_kwargs(
    what_if_id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/what-ifs/{what_if_id}".format(
            what_if_id=quote(str(what_if_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ProblemDetail | WhatIfOutput | None:
    if response.status_code == 200:
        response_200 = WhatIfOutput.from_dict(response.json())

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
) -> Response[ProblemDetail | WhatIfOutput]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    what_if_id: str,
    *,
    client: AuthenticatedClient,
) -> Response[ProblemDetail | WhatIfOutput]:
    """Read a what-if

     Read a what-if: status and progress, then per class and blended before and after.

    Args:
        what_if_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetail | WhatIfOutput]
    """

    kwargs = _get_kwargs(
        what_if_id=what_if_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    what_if_id: str,
    *,
    client: AuthenticatedClient,
) -> ProblemDetail | WhatIfOutput | None:
    """Read a what-if

     Read a what-if: status and progress, then per class and blended before and after.

    Args:
        what_if_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetail | WhatIfOutput
    """

    return sync_detailed(
        what_if_id=what_if_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    what_if_id: str,
    *,
    client: AuthenticatedClient,
) -> Response[ProblemDetail | WhatIfOutput]:
    """Read a what-if

     Read a what-if: status and progress, then per class and blended before and after.

    Args:
        what_if_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetail | WhatIfOutput]
    """

    kwargs = _get_kwargs(
        what_if_id=what_if_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    what_if_id: str,
    *,
    client: AuthenticatedClient,
) -> ProblemDetail | WhatIfOutput | None:
    """Read a what-if

     Read a what-if: status and progress, then per class and blended before and after.

    Args:
        what_if_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetail | WhatIfOutput
    """

    return (
        await asyncio_detailed(
            what_if_id=what_if_id,
            client=client,
        )
    ).parsed
