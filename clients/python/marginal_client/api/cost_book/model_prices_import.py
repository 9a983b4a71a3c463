import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.model_price_import_output import ModelPriceImportOutput
from ...models.model_prices_import_body import ModelPricesImportBody
from ...models.model_prices_import_source import ModelPricesImportSource
from ...models.problem_detail import ProblemDetail
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: ModelPricesImportBody,
    source: ModelPricesImportSource,
    valid_from: datetime.date | datetime.datetime | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    params: dict[str, Any] = {}

    json_source = source.value
    params["source"] = json_source

    json_valid_from: str | Unset
    if isinstance(valid_from, Unset):
        json_valid_from = UNSET
    elif isinstance(valid_from, datetime.datetime) or isinstance(
        valid_from, datetime.date
    ):
        json_valid_from = valid_from.isoformat()
    else:
        json_valid_from = valid_from
    params["valid_from"] = json_valid_from

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/costs/model-prices/import",
        "params": params,
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ModelPriceImportOutput | ProblemDetail | None:
    if response.status_code == 200:
        response_200 = ModelPriceImportOutput.from_dict(response.json())

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
) -> Response[ModelPriceImportOutput | ProblemDetail]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: ModelPricesImportBody,
    source: ModelPricesImportSource,
    valid_from: datetime.date | datetime.datetime | str | Unset = UNSET,
) -> Response[ModelPriceImportOutput | ProblemDetail]:
    """Import a price map as your own model prices

     Import a price map as your own model prices (the body is the map itself).

    Args:
        source (ModelPricesImportSource):
        valid_from (datetime.date | datetime.datetime | str | Unset):
        body (ModelPricesImportBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ModelPriceImportOutput | ProblemDetail]
    """

    kwargs = _get_kwargs(
        body=body,
        source=source,
        valid_from=valid_from,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: ModelPricesImportBody,
    source: ModelPricesImportSource,
    valid_from: datetime.date | datetime.datetime | str | Unset = UNSET,
) -> ModelPriceImportOutput | ProblemDetail | None:
    """Import a price map as your own model prices

     Import a price map as your own model prices (the body is the map itself).

    Args:
        source (ModelPricesImportSource):
        valid_from (datetime.date | datetime.datetime | str | Unset):
        body (ModelPricesImportBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ModelPriceImportOutput | ProblemDetail
    """

    return sync_detailed(
        client=client,
        body=body,
        source=source,
        valid_from=valid_from,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: ModelPricesImportBody,
    source: ModelPricesImportSource,
    valid_from: datetime.date | datetime.datetime | str | Unset = UNSET,
) -> Response[ModelPriceImportOutput | ProblemDetail]:
    """Import a price map as your own model prices

     Import a price map as your own model prices (the body is the map itself).

    Args:
        source (ModelPricesImportSource):
        valid_from (datetime.date | datetime.datetime | str | Unset):
        body (ModelPricesImportBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ModelPriceImportOutput | ProblemDetail]
    """

    kwargs = _get_kwargs(
        body=body,
        source=source,
        valid_from=valid_from,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: ModelPricesImportBody,
    source: ModelPricesImportSource,
    valid_from: datetime.date | datetime.datetime | str | Unset = UNSET,
) -> ModelPriceImportOutput | ProblemDetail | None:
    """Import a price map as your own model prices

     Import a price map as your own model prices (the body is the map itself).

    Args:
        source (ModelPricesImportSource):
        valid_from (datetime.date | datetime.datetime | str | Unset):
        body (ModelPricesImportBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ModelPriceImportOutput | ProblemDetail
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            source=source,
            valid_from=valid_from,
        )
    ).parsed
