"""Makes Varlink calls over a raw Unix socket, one connection per call, with the standard
library only (so it runs as any uid, e.g. under setpriv, without the project's venv).

argv[1]: socket path. argv[2]: a JSON array of {"method", "parameters", "more"}. stdout: a JSON
array with, per call, the first reply ({"error": name or null, "parameters": {...}}) or
{"transport": "..."} when no reply came. A `more` call is closed after its first reply.
"""
import json
import socket
import sys

path = sys.argv[1]
calls = json.loads(sys.argv[2])
results = []
for call in calls:
    message = {"method": call["method"], "parameters": call.get("parameters", {})}
    if call.get("more"):
        message["more"] = True
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
            connection.settimeout(30)
            connection.connect(path)
            connection.sendall(json.dumps(message).encode("utf-8") + b"\0")
            received = b""
            while b"\0" not in received:
                chunk = connection.recv(65536)
                if not chunk:
                    break
                received += chunk
        if b"\0" not in received:
            results.append({"transport": "closed without a reply"})
            continue
        reply = json.loads(received.split(b"\0", 1)[0])
        results.append({"error": reply.get("error"), "parameters": reply.get("parameters", {})})
    except OSError as error:
        results.append({"transport": repr(error)})
json.dump(results, sys.stdout)
