from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem_detail import ProblemDetail
from ...models.stripe_webhook_output import StripeWebhookOutput
from ...models.stripe_webhook_receive_body import StripeWebhookReceiveBody
from ...types import Response


def _get_kwargs(
    tenant_id: str,
    *,
    body: StripeWebhookReceiveBody,
    stripe_signature: str,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["Stripe-Signature"] = stripe_signature

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/integrations/stripe/webhooks/{tenant_id}".format(
            tenant_id=quote(str(tenant_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ProblemDetail | StripeWebhookOutput | None:
    if response.status_code == 200:
        response_200 = StripeWebhookOutput.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ProblemDetail.from_dict(response.json())

        return response_400

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ProblemDetail | StripeWebhookOutput]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    tenant_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: StripeWebhookReceiveBody,
    stripe_signature: str,
) -> Response[ProblemDetail | StripeWebhookOutput]:
    """Receive a Stripe event

     Receive a Stripe event (signed with the tenant's webhook secret; no API key).

    The `Stripe-Signature` is verified on the raw body with a 300 s tolerance; each event is
    stored once (a duplicate delivery is a 200 that does nothing) and handled later.

    Args:
        tenant_id (str):
        stripe_signature (str):
        body (StripeWebhookReceiveBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetail | StripeWebhookOutput]
    """

    kwargs = _get_kwargs(
        tenant_id=tenant_id,
        body=body,
        stripe_signature=stripe_signature,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    tenant_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: StripeWebhookReceiveBody,
    stripe_signature: str,
) -> ProblemDetail | StripeWebhookOutput | None:
    """Receive a Stripe event

     Receive a Stripe event (signed with the tenant's webhook secret; no API key).

    The `Stripe-Signature` is verified on the raw body with a 300 s tolerance; each event is
    stored once (a duplicate delivery is a 200 that does nothing) and handled later.

    Args:
        tenant_id (str):
        stripe_signature (str):
        body (StripeWebhookReceiveBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetail | StripeWebhookOutput
    """

    return sync_detailed(
        tenant_id=tenant_id,
        client=client,
        body=body,
        stripe_signature=stripe_signature,
    ).parsed


async def asyncio_detailed(
    tenant_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: StripeWebhookReceiveBody,
    stripe_signature: str,
) -> Response[ProblemDetail | StripeWebhookOutput]:
    """Receive a Stripe event

     Receive a Stripe event (signed with the tenant's webhook secret; no API key).

    The `Stripe-Signature` is verified on the raw body with a 300 s tolerance; each event is
    stored once (a duplicate delivery is a 200 that does nothing) and handled later.

    Args:
        tenant_id (str):
        stripe_signature (str):
        body (StripeWebhookReceiveBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetail | StripeWebhookOutput]
    """

    kwargs = _get_kwargs(
        tenant_id=tenant_id,
        body=body,
        stripe_signature=stripe_signature,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    tenant_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: StripeWebhookReceiveBody,
    stripe_signature: str,
) -> ProblemDetail | StripeWebhookOutput | None:
    """Receive a Stripe event

     Receive a Stripe event (signed with the tenant's webhook secret; no API key).

    The `Stripe-Signature` is verified on the raw body with a 300 s tolerance; each event is
    stored once (a duplicate delivery is a 200 that does nothing) and handled later.

    Args:
        tenant_id (str):
        stripe_signature (str):
        body (StripeWebhookReceiveBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetail | StripeWebhookOutput
    """

    return (
        await asyncio_detailed(
            tenant_id=tenant_id,
            client=client,
            body=body,
            stripe_signature=stripe_signature,
        )
    ).parsed
