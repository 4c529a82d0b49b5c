"""`/api/v1/integrations`: where an account's activities go and how they map, with the check."""

from typing import Annotated

import anyio
from fastapi import APIRouter, Depends, Path, Query, Response

from ticketrelay.errors import NotFound
from ticketrelay.integrations.spec import IntegrationSpec
from ticketrelay.model import Integration
from ticketrelay.rules.mapping_check import CheckResult
from ticketrelay.secret import Secret
from ticketrelay.web.deps import RelayDep
from ticketrelay.web.schemas.integrations import (
    CheckOut,
    IntegrationChecked,
    IntegrationIn,
    IntegrationList,
    IntegrationOut,
    IntegrationUpdate,
    KintoneOut,
)
from ticketrelay.web.schemas.shared import MAX_ID, OptionalKey

router = APIRouter(tags=["integrations"])


def integration_id(integration_id: Annotated[int, Path()]) -> int:
    """The integration ID of the path; 404 when no integration can have it."""
    if not 1 <= integration_id <= MAX_ID:
        raise NotFound(f"There is no integration {integration_id}.")
    return integration_id


IntegrationId = Annotated[int, Depends(integration_id)]


@router.post("/integrations", status_code=201, summary="Create an integration")
async def create_integration(body: IntegrationIn, relay: RelayDep) -> IntegrationChecked:
    """Store an integration and check its mapping against the app's live fields."""
    integration, check = await relay.create_integration(_spec(body))
    return _checked(integration, check)


@router.get("/integrations", summary="List the integrations")
async def list_integrations(
    relay: RelayDep, account: Annotated[OptionalKey, Query()] = None
) -> IntegrationList:
    """Every integration, or those of one account."""
    found = await anyio.to_thread.run_sync(relay.list_integrations, account)
    return IntegrationList(integrations=[_out(i) for i in found])


@router.get("/integrations/{integration_id}", summary="Read an integration")
async def get_integration(integration_id: IntegrationId, relay: RelayDep) -> IntegrationOut:
    """One integration (its API token is never shown)."""
    return _out(await anyio.to_thread.run_sync(relay.integration, integration_id))


@router.put("/integrations/{integration_id}", summary="Change an integration")
async def update_integration(
    integration_id: IntegrationId, body: IntegrationUpdate, relay: RelayDep
) -> IntegrationChecked:
    """Save new settings (without `api_token`, the stored one is kept) and check them."""
    integration, check = await relay.update_integration(integration_id, _spec(body))
    return _checked(integration, check)


@router.delete("/integrations/{integration_id}", status_code=204, summary="Delete an integration")
async def delete_integration(integration_id: IntegrationId, relay: RelayDep) -> Response:
    """Delete an integration with its queue and its error log."""
    await anyio.to_thread.run_sync(relay.delete_integration, integration_id)
    return Response(status_code=204)


@router.post("/integrations/{integration_id}/check", summary="Check an integration again")
async def check_integration(integration_id: IntegrationId, relay: RelayDep) -> CheckOut:
    """Check the connection and the mapping against the app's live fields."""
    return CheckOut.model_validate((await relay.check(integration_id)).to_json())


def _spec(body: IntegrationIn | IntegrationUpdate) -> IntegrationSpec:
    token = body.kintone.api_token
    return IntegrationSpec(
        name=body.name,
        account=body.account,
        base_url=body.kintone.base_url,
        app=body.kintone.app,
        api_token=Secret(token) if token else None,
        guest_space_id=body.kintone.guest_space_id,
        timezone=body.timezone,
        channels=tuple(body.channels),
        inboxes=tuple(body.inboxes),
        mapping=dict(body.mapping),
        enabled=body.enabled,
    )


def _out(integration: Integration) -> IntegrationOut:
    return IntegrationOut(
        id=integration.id,
        name=integration.name,
        account=integration.account,
        kintone=KintoneOut(
            base_url=integration.base_url,
            app=integration.app,
            guest_space_id=integration.guest_space_id,
        ),
        timezone=integration.timezone,
        channels=list(integration.channels),
        inboxes=list(integration.inboxes),
        mapping=dict(integration.mapping),
        enabled=integration.enabled,
        status=integration.status,
        paused_reason=integration.paused_reason,
        created_at=integration.created_at,
        updated_at=integration.updated_at,
    )


def _checked(integration: Integration, check: CheckResult) -> IntegrationChecked:
    return IntegrationChecked(
        **_out(integration).model_dump(), check=CheckOut.model_validate(check.to_json())
    )
