"""The shop's known devices: the owner enrols tablets (each gets a secret, shown once) and revokes lost ones."""

from __future__ import annotations

from typing import Any

import attrs

from nexus_core.domain.devices import Device
from nexus_core.services import devices
from nexus_http.endpoints import Call, RouteTable
from nexus_http.reply import Reply
from nexus_http.routes.auth import new_device_secret

routes = RouteTable("devices")


@attrs.frozen
class DeviceIn:
    device_id: str
    label: str | None = None


@attrs.frozen
class DeviceOut:
    id: int
    device_id: str
    kind: str
    label: str | None
    created_at: str
    last_login_at: str | None


@attrs.frozen
class DeviceList:
    data: list[DeviceOut]


@attrs.frozen
class EnrolledOut:
    id: int
    device_id: str
    label: str | None
    device_secret: str
    message: str


@attrs.frozen
class RevokedOut:
    id: int
    message: str


def _view(d: Device) -> dict[str, Any]:
    return {
        "id": d.id,
        "device_id": d.name,
        "kind": d.kind.value,
        "label": d.label,
        "created_at": d.created_at.isoformat(),
        "last_login_at": d.last_login_at.isoformat() if d.last_login_at else None,
    }


@routes.get(
    "/pos/api/config/devices",
    summary="Devices the shop knows (enrolled, and learned at a login in the last 30 days)",
    permission="config.edit",
    response=DeviceList,
    example={
        "data": [
            {
                "id": 1,
                "device_id": "tablet-01",
                "kind": "enrolled",
                "label": "Mostrador",
                "created_at": "2026-04-01T15:00:00+00:00",
                "last_login_at": None,
            }
        ]
    },
)
def list_devices(call: Call) -> dict[str, Any]:
    return {"data": [_view(d) for d in call.run(devices.list_devices, devices.ListDevices(call.actor))]}


@routes.post(
    "/pos/api/config/devices",
    summary="Enrol a device; its secret is in this answer only (send it as device_secret at login)",
    permission="config.edit",
    body=DeviceIn,
    response=EnrolledOut,
    status=201,
    example={
        "id": 1,
        "device_id": "tablet-01",
        "label": "Mostrador",
        "device_secret": "shown once",
        "message": "Device enrolled",
    },
)
def enroll_device(call: Call) -> Reply:
    body: DeviceIn = call.body
    secret = new_device_secret()
    cmd = devices.EnrollDevice(actor=call.actor, device_id=body.device_id, label=body.label, secret=secret)
    d = call.run(devices.enroll_device, cmd)
    answer = {"id": d.id, "device_id": d.name, "label": d.label, "device_secret": secret, "message": "Device enrolled"}
    return Reply(answer, 201)


@routes.delete(
    "/pos/api/config/devices/{device_id}",
    summary="Revoke a device (a lost tablet): its secret proves nothing any more",
    permission="config.edit",
    errors=(404,),
    response=RevokedOut,
    example={"id": 1, "message": "Device revoked"},
)
def revoke_device(call: Call) -> dict[str, Any]:
    device_id = call.path_int("device_id")
    call.run(devices.revoke_device, devices.RevokeDevice(actor=call.actor, device_id=device_id))
    return {"id": device_id, "message": "Device revoked"}
