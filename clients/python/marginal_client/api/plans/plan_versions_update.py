from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.patched_plan_version_update_input_request import (
    PatchedPlanVersionUpdateInputRequest,
)
from ...models.plan_version_output import PlanVersionOutput
from ...models.problem_detail import ProblemDetail
from ...types import Response


def _get_kwargs(
    plan_id: str,
    version: str,
    *,
    body: PatchedPlanVersionUpdateInputRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/v1/plans/{plan_id}/versions/{version}".format(
            plan_id=quote(str(plan_id), safe=""),
            version=quote(str(version), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PlanVersionOutput | ProblemDetail | None:
    if response.status_code == 200:
        response_200 = PlanVersionOutput.from_dict(response.json())

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
) -> Response[PlanVersionOutput | ProblemDetail]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    plan_id: str,
    version: str,
    *,
    client: AuthenticatedClient,
    body: PatchedPlanVersionUpdateInputRequest,
) -> Response[PlanVersionOutput | ProblemDetail]:
    """Edit a draft plan version

     Read a plan version, or edit it while it is a draft (published versions are a 409).

    Args:
        plan_id (str):
        version (str):
        body (PatchedPlanVersionUpdateInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PlanVersionOutput | ProblemDetail]
    """

    kwargs = _get_kwargs(
        plan_id=plan_id,
        version=version,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    plan_id: str,
    version: str,
    *,
    client: AuthenticatedClient,
    body: PatchedPlanVersionUpdateInputRequest,
) -> PlanVersionOutput | ProblemDetail | None:
    """Edit a draft plan version

     Read a plan version, or edit it while it is a draft (published versions are a 409).

    Args:
        plan_id (str):
        version (str):
        body (PatchedPlanVersionUpdateInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PlanVersionOutput | ProblemDetail
    """

    return sync_detailed(
        plan_id=plan_id,
        version=version,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    plan_id: str,
    version: str,
    *,
    client: AuthenticatedClient,
    body: PatchedPlanVersionUpdateInputRequest,
) -> Response[PlanVersionOutput | ProblemDetail]:
    """Edit a draft plan version

     Read a plan version, or edit it while it is a draft (published versions are a 409).

    Args:
        plan_id (str):
        version (str):
        body (PatchedPlanVersionUpdateInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PlanVersionOutput | ProblemDetail]
    """

    kwargs = _get_kwargs(
        plan_id=plan_id,
        version=version,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    plan_id: str,
    version: str,
    *,
    client: AuthenticatedClient,
    body: PatchedPlanVersionUpdateInputRequest,
) -> PlanVersionOutput | ProblemDetail | None:
    """Edit a draft plan version

     Read a plan version, or edit it while it is a draft (published versions are a 409).

    Args:
        plan_id (str):
        version (str):
        body (PatchedPlanVersionUpdateInputRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PlanVersionOutput | ProblemDetail
    """

    return (
        await asyncio_detailed(
            plan_id=plan_id,
            version=version,
            client=client,
            body=body,
        )
    ).parsed
