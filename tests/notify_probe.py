"""Run inside ``dbus-run-session``: a stand-in notification daemon, then one command of the app.

Usage: ``dbus-run-session -- python notify_probe.py OUT.json espace-parents-args...``. The daemon
owns ``org.freedesktop.Notifications`` on the private session bus and records every ``Notify``
call; once the command has ended, the calls are written to OUT.json as
``{"exit": code, "calls": [{"app": …, "summary": …, "body": …}]}``.
"""

from __future__ import annotations

import json
import sys
import threading

from jeepney import MessageType, new_method_return
from jeepney.bus_messages import message_bus
from jeepney.io.blocking import open_dbus_connection

calls: list[dict] = []
ready = threading.Event()


def daemon() -> None:
    connection = open_dbus_connection(bus="SESSION")
    connection.send_and_get_reply(message_bus.RequestName("org.freedesktop.Notifications"))
    ready.set()
    while True:
        message = connection.receive()
        header = message.header
        if header.message_type != MessageType.method_call:
            continue
        member = header.fields.get(3)  # HeaderFields.member
        if member == "Notify":
            app, _replaces, _icon, summary, body, *_rest = message.body
            calls.append({"app": app, "summary": summary, "body": body})
            connection.send(new_method_return(message, "u", (len(calls),)))
        elif member == "GetServerInformation":
            connection.send(new_method_return(message, "ssss", ("probe", "tests", "1", "1.2")))
        else:
            connection.send(new_method_return(message))


def main() -> int:
    out, args = sys.argv[1], sys.argv[2:]
    threading.Thread(target=daemon, daemon=True).start()
    if not ready.wait(10):
        raise SystemExit("the stand-in notification daemon did not start")
    from espace_parents_tui.cli.main import main as cli_main

    code = cli_main(args)
    with open(out, "w", encoding="utf-8") as handle:
        json.dump({"exit": code, "calls": calls}, handle, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
