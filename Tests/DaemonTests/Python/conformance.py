"""Drives trainingd with the reference Python Varlink client (varlink 31.0.0).

Prints one JSON object with what it observed; the Swift test asserts on it. Exit status is
not used (the varlink CLI exits 0 even on error replies), only this output.
"""
import json
import socket
import sys

import varlink

address = sys.argv[1]
result = {}

client = varlink.Client(address="unix:" + address)
result["interfaces"] = client.get_interfaces()
result["info"] = client.info

# Every interface description parses in the reference client's own IDL parser.
parsed = {}
for name in result["interfaces"]:
    with client.open("org.varlink.service") as con:
        description = con.GetInterfaceDescription(name)["description"]
    try:
        interface = varlink.Interface(description)
        parsed[name] = {"ok": interface.name == name, "members": sorted(interface.members.keys())}
    except Exception as error:  # noqa: BLE001 - report any parse failure
        parsed[name] = {"ok": False, "error": repr(error)}
result["parsed"] = parsed

# The client library checks types itself (client.call.uid); the daemon's own check is what
# matters for other clients, so the wrong type is also sent raw (below).
with client.open("io.trainingd.System") as con:
    try:
        con.Grant(uid="not-a-number", role="viewer")
        result["wrong_type_library"] = {"error": None}
    except varlink.VarlinkError as error:
        result["wrong_type_library"] = {"error": error.error(), "parameters": error.parameters()}
    try:
        con.CreateTenant(slug="conformance", name="Conformance tenant")
    except varlink.VarlinkError as error:
        result["create_tenant_error"] = error.error()


def raw_call(message):
    """One call over a plain socket: for what the client library refuses to send."""
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(10)
    s.connect(address)
    s.sendall(json.dumps(message).encode() + b"\0")
    data = b""
    while not data.endswith(b"\0"):
        chunk = s.recv(65536)
        if not chunk:
            break
        data += chunk
    s.close()
    return json.loads(data.rstrip(b"\0").split(b"\0")[0])


result["wrong_type"] = raw_call({"method": "io.trainingd.System.Grant", "parameters": {"uid": "not-a-number", "role": "viewer"}})
result["unknown_enum"] = raw_call({"method": "io.trainingd.System.Grant", "parameters": {"uid": 1000, "role": "superuser"}})
result["missing_field"] = raw_call({"method": "io.trainingd.System.CreateTenant", "parameters": {"slug": "x-y"}})
result["unknown_method"] = raw_call({"method": "io.trainingd.System.NoSuchMethod", "parameters": {}})
result["unknown_interface"] = raw_call({"method": "io.example.Nope.Ping"})
result["watch_more"] = raw_call({"method": "io.trainingd.Events.Watch", "more": True, "parameters": {}})
result["watch_without_more"] = raw_call({"method": "io.trainingd.Events.Watch", "parameters": {}})

# The library's own streaming API accepts the first Watch reply.
with client.open("io.trainingd.Events") as con:
    for reply in con.Watch(_more=True):
        result["watch_library_first"] = reply
        break

print(json.dumps(result))
