from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem_detail import ProblemDetail
from ...models.stripe_outbox_output import StripeOutboxOutput
from ...types import Response


def _get_kwargs(
    outbox_id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/integrations/stripe/outbox/{outbox_id}/retry".format(
            outbox_id=quote(str(outbox_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ProblemDetail | StripeOutboxOutput | None:
    if response.status_code == 200:
        response_200 = StripeOutboxOutput.from_dict(response.json())

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
) -> Response[ProblemDetail | StripeOutboxOutput]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    outbox_id: str,
    *,
    client: AuthenticatedClient,
) -> Response[ProblemDetail | StripeOutboxOutput]:
    """Send an outbox row

     Send an outbox row (a dead letter, say) again now, with a fresh count of attempts.

    Args:
        outbox_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetail | StripeOutboxOutput]
    """

    kwargs = _get_kwargs(
        outbox_id=outbox_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    outbox_id: str,
    *,
    client: AuthenticatedClient,
) -> ProblemDetail | StripeOutboxOutput | None:
    """Send an outbox row

     Send an outbox row (a dead letter, say) again now, with a fresh count of attempts.

    Args:
        outbox_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetail | StripeOutboxOutput
    """

    return sync_detailed(
        outbox_id=outbox_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    outbox_id: str,
    *,
    client: AuthenticatedClient,
) -> Response[ProblemDetail | StripeOutboxOutput]:
    """Send an outbox row

     Send an outbox row (a dead letter, say) again now, with a fresh count of attempts.

    Args:
        outbox_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetail | StripeOutboxOutput]
    """

    kwargs = _get_kwargs(
        outbox_id=outbox_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    outbox_id: str,
    *,
    client: AuthenticatedClient,
) -> ProblemDetail | StripeOutboxOutput | None:
    """Send an outbox row

     Send an outbox row (a dead letter, say) again now, with a fresh count of attempts.

    Args:
        outbox_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetail | StripeOutboxOutput
    """

    return (
        await asyncio_detailed(
            outbox_id=outbox_id,
            client=client,
        )
    ).parsed
