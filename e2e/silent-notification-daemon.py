#!/usr/bin/env python3
"""A notification service that takes the bus name and never answers: the situation in
which a notification send blocks (TOOLCHAIN.md). Each call it receives is logged to the
file named in argv[1] (a Notify with its summary), so the test can tell that the app did try
to notify, and of what."""

import sys

import dbus
import dbus.mainloop.glib
import dbus.service
from gi.repository import GLib

IFACE = "org.freedesktop.Notifications"


class Silent(dbus.service.Object):
    def __init__(self, bus, log):
        super().__init__(bus, "/org/freedesktop/Notifications")
        self.log = log

    def _record(self, name):
        with open(self.log, "a") as f:
            f.write(name + "\n")

    @dbus.service.method(IFACE, in_signature="susssasa{sv}i", out_signature="u",
                         async_callbacks=("ok", "err"))
    def Notify(self, app_name, replaces_id, icon, summary, body, actions, hints, timeout, ok, err):
        self._record(f"Notify {summary}")  # and never call ok()

    @dbus.service.method(IFACE, out_signature="as", async_callbacks=("ok", "err"))
    def GetCapabilities(self, ok, err):
        self._record("GetCapabilities")

    @dbus.service.method(IFACE, out_signature="ssss", async_callbacks=("ok", "err"))
    def GetServerInformation(self, ok, err):
        self._record("GetServerInformation")


def main():
    dbus.mainloop.glib.DBusGMainLoop(set_as_default=True)
    bus = dbus.SessionBus()
    name = dbus.service.BusName(IFACE, bus, do_not_queue=True)
    Silent(bus, sys.argv[1])
    print("ready", flush=True)
    GLib.MainLoop().run()
    del name


if __name__ == "__main__":
    main()
