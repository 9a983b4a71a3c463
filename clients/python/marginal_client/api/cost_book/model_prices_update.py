from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.model_price_output import ModelPriceOutput
from ...models.patched_model_price_update_input_request import (
    PatchedModelPriceUpdateInputRequest,
)
from ...models.problem_detail import ProblemDetail
from ...types import Response


def _get_kwargs(
    model_price_id: str,
    *,
    body: PatchedModelPriceUpdateInputRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/v1/costs/model-prices/{model_price_id}".format(
            model_price_id=quote(str(model_price_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ModelPriceOutput | ProblemDetail | None:
    if response.status_code == 200:
        response_200 = ModelPriceOutput.from_dict(response.json())

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
) -> Response[ModelPriceOutput | ProblemDetail]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    model_price_id: str,
    *,
    client: AuthenticatedClient,
    body: PatchedModelPriceUpdateInputRequest,
) -> Response[ModelPriceOutput | ProblemDetail]:
    """Correct a model price

     Read one of your model prices, or change where it came from (source, as_of).

    An entry's prices, model names and valid_from never change (409): a new price is a new
    entry with a later valid_from; re-cost past events explicitly afterwards.

    Args:
        model_price_id (str):
        body (PatchedModelPriceUpdateInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ModelPriceOutput | ProblemDetail]
    """

    kwargs = _get_kwargs(
        model_price_id=model_price_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    model_price_id: str,
    *,
    client: AuthenticatedClient,
    body: PatchedModelPriceUpdateInputRequest,
) -> ModelPriceOutput | ProblemDetail | None:
    """Correct a model price

     Read one of your model prices, or change where it came from (source, as_of).

    An entry's prices, model names and valid_from never change (409): a new price is a new
    entry with a later valid_from; re-cost past events explicitly afterwards.

    Args:
        model_price_id (str):
        body (PatchedModelPriceUpdateInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ModelPriceOutput | ProblemDetail
    """

    return sync_detailed(
        model_price_id=model_price_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    model_price_id: str,
    *,
    client: AuthenticatedClient,
    body: PatchedModelPriceUpdateInputRequest,
) -> Response[ModelPriceOutput | ProblemDetail]:
    """Correct a model price

     Read one of your model prices, or change where it came from (source, as_of).

    An entry's prices, model names and valid_from never change (409): a new price is a new
    entry with a later valid_from; re-cost past events explicitly afterwards.

    Args:
        model_price_id (str):
        body (PatchedModelPriceUpdateInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ModelPriceOutput | ProblemDetail]
    """

    kwargs = _get_kwargs(
        model_price_id=model_price_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    model_price_id: str,
    *,
    client: AuthenticatedClient,
    body: PatchedModelPriceUpdateInputRequest,
) -> ModelPriceOutput | ProblemDetail | None:
    """Correct a model price

     Read one of your model prices, or change where it came from (source, as_of).

    An entry's prices, model names and valid_from never change (409): a new price is a new
    entry with a later valid_from; re-cost past events explicitly afterwards.

    Args:
        model_price_id (str):
        body (PatchedModelPriceUpdateInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ModelPriceOutput | ProblemDetail
    """

    return (
        await asyncio_detailed(
            model_price_id=model_price_id,
            client=client,
            body=body,
        )
    ).parsed
