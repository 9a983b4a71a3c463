import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.mix_report_output import MixReportOutput
from ...models.problem_detail import ProblemDetail
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    compare_from: datetime.date | datetime.datetime | str | Unset = UNSET,
    compare_to: datetime.date | datetime.datetime | str | Unset = UNSET,
    from_: datetime.date | datetime.datetime | str | Unset = UNSET,
    to: datetime.date | datetime.datetime | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_compare_from: str | Unset
    if isinstance(compare_from, Unset):
        json_compare_from = UNSET
    elif isinstance(compare_from, datetime.datetime) or isinstance(
        compare_from, datetime.date
    ):
        json_compare_from = compare_from.isoformat()
    else:
        json_compare_from = compare_from
    params["compare_from"] = json_compare_from

    json_compare_to: str | Unset
    if isinstance(compare_to, Unset):
        json_compare_to = UNSET
    elif isinstance(compare_to, datetime.datetime) or isinstance(
        compare_to, datetime.date
    ):
        json_compare_to = compare_to.isoformat()
    else:
        json_compare_to = compare_to
    params["compare_to"] = json_compare_to

    json_from_: str | Unset
    if isinstance(from_, Unset):
        json_from_ = UNSET
    elif isinstance(from_, datetime.datetime) or isinstance(from_, datetime.date):
        json_from_ = from_.isoformat()
    else:
        json_from_ = from_
    params["from"] = json_from_

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
        "url": "/v1/economics/mix",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> MixReportOutput | ProblemDetail | None:
    if response.status_code == 200:
        response_200 = MixReportOutput.from_dict(response.json())

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
) -> Response[MixReportOutput | ProblemDetail]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    compare_from: datetime.date | datetime.datetime | str | Unset = UNSET,
    compare_to: datetime.date | datetime.datetime | str | Unset = UNSET,
    from_: datetime.date | datetime.datetime | str | Unset = UNSET,
    to: datetime.date | datetime.datetime | str | Unset = UNSET,
) -> Response[MixReportOutput | ProblemDetail]:
    """Split a change in blended margin into mix and rate effects

     With s the share of requests of a class and m its margin per request, the change in blended margin
    per request from the base period [compare_from, compare_to) to [from, to) is split exactly into the
    mix effect, sum (s1 - s0) x m0, and the rate effect, sum s1 x (m1 - m0), per class; the rounded
    effects add up to the change to the last decimal.

    Args:
        compare_from (datetime.date | datetime.datetime | str | Unset):
        compare_to (datetime.date | datetime.datetime | str | Unset):
        from_ (datetime.date | datetime.datetime | str | Unset):
        to (datetime.date | datetime.datetime | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[MixReportOutput | ProblemDetail]
    """

    kwargs = _get_kwargs(
        compare_from=compare_from,
        compare_to=compare_to,
        from_=from_,
        to=to,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    compare_from: datetime.date | datetime.datetime | str | Unset = UNSET,
    compare_to: datetime.date | datetime.datetime | str | Unset = UNSET,
    from_: datetime.date | datetime.datetime | str | Unset = UNSET,
    to: datetime.date | datetime.datetime | str | Unset = UNSET,
) -> MixReportOutput | ProblemDetail | None:
    """Split a change in blended margin into mix and rate effects

     With s the share of requests of a class and m its margin per request, the change in blended margin
    per request from the base period [compare_from, compare_to) to [from, to) is split exactly into the
    mix effect, sum (s1 - s0) x m0, and the rate effect, sum s1 x (m1 - m0), per class; the rounded
    effects add up to the change to the last decimal.

    Args:
        compare_from (datetime.date | datetime.datetime | str | Unset):
        compare_to (datetime.date | datetime.datetime | str | Unset):
        from_ (datetime.date | datetime.datetime | str | Unset):
        to (datetime.date | datetime.datetime | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        MixReportOutput | ProblemDetail
    """

    return sync_detailed(
        client=client,
        compare_from=compare_from,
        compare_to=compare_to,
        from_=from_,
        to=to,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    compare_from: datetime.date | datetime.datetime | str | Unset = UNSET,
    compare_to: datetime.date | datetime.datetime | str | Unset = UNSET,
    from_: datetime.date | datetime.datetime | str | Unset = UNSET,
    to: datetime.date | datetime.datetime | str | Unset = UNSET,
) -> Response[MixReportOutput | ProblemDetail]:
    """Split a change in blended margin into mix and rate effects

     With s the share of requests of a class and m its margin per request, the change in blended margin
    per request from the base period [compare_from, compare_to) to [from, to) is split exactly into the
    mix effect, sum (s1 - s0) x m0, and the rate effect, sum s1 x (m1 - m0), per class; the rounded
    effects add up to the change to the last decimal.

    Args:
        compare_from (datetime.date | datetime.datetime | str | Unset):
        compare_to (datetime.date | datetime.datetime | str | Unset):
        from_ (datetime.date | datetime.datetime | str | Unset):
        to (datetime.date | datetime.datetime | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[MixReportOutput | ProblemDetail]
    """

    kwargs = _get_kwargs(
        compare_from=compare_from,
        compare_to=compare_to,
        from_=from_,
        to=to,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    compare_from: datetime.date | datetime.datetime | str | Unset = UNSET,
    compare_to: datetime.date | datetime.datetime | str | Unset = UNSET,
    from_: datetime.date | datetime.datetime | str | Unset = UNSET,
    to: datetime.date | datetime.datetime | str | Unset = UNSET,
) -> MixReportOutput | ProblemDetail | None:
    """Split a change in blended margin into mix and rate effects

     With s the share of requests of a class and m its margin per request, the change in blended margin
    per request from the base period [compare_from, compare_to) to [from, to) is split exactly into the
    mix effect, sum (s1 - s0) x m0, and the rate effect, sum s1 x (m1 - m0), per class; the rounded
    effects add up to the change to the last decimal.

    Args:
        compare_from (datetime.date | datetime.datetime | str | Unset):
        compare_to (datetime.date | datetime.datetime | str | Unset):
        from_ (datetime.date | datetime.datetime | str | Unset):
        to (datetime.date | datetime.datetime | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        MixReportOutput | ProblemDetail
    """

    return (
        await asyncio_detailed(
            client=client,
            compare_from=compare_from,
            compare_to=compare_to,
            from_=from_,
            to=to,
        )
    ).parsed
