#!/usr/bin/env python3
"""The part of a desktop panel that shows tray icons, for the end-to-end tests.

`watch`: a StatusNotifierWatcher (org.kde.StatusNotifierWatcher, the service that
libayatana-appindicator registers tray icons with) that also says a host is there, so
the app exports its tray icon and menu over D-Bus instead of waiting for a tray. It
prints "ready" once it owns the name and runs until it is stopped.

`menu`: prints the labels of the tray menu of every registered icon, one a line.

`click LABEL`: clicks the tray menu's item LABEL, as a panel does when a person picks
it (com.canonical.dbusmenu Event "clicked"). Exits 1 when no icon has such an item.
"""

import sys

import dbus
import dbus.mainloop.glib
import dbus.service
from gi.repository import GLib

WATCHER = "org.kde.StatusNotifierWatcher"
WATCHER_PATH = "/StatusNotifierWatcher"
ITEM = "org.kde.StatusNotifierItem"
MENU = "com.canonical.dbusmenu"
PROPERTIES = "org.freedesktop.DBus.Properties"


class Watcher(dbus.service.Object):
    def __init__(self, bus):
        super().__init__(bus, WATCHER_PATH)
        self.bus = bus
        self.items = []

    @dbus.service.method(WATCHER, in_signature="s", sender_keyword="sender")
    def RegisterStatusNotifierItem(self, service, sender=None):
        # An object path alone (as appindicator sends) names an object of the sender.
        item = sender + service if service.startswith("/") else service
        if item not in self.items:
            self.items.append(item)
            self.StatusNotifierItemRegistered(item)

    @dbus.service.method(WATCHER, in_signature="s")
    def RegisterStatusNotifierHost(self, service):
        pass

    @dbus.service.signal(WATCHER, signature="s")
    def StatusNotifierItemRegistered(self, item):
        pass

    @dbus.service.signal(WATCHER, signature="s")
    def StatusNotifierItemUnregistered(self, item):
        pass

    @dbus.service.signal(WATCHER)
    def StatusNotifierHostRegistered(self):
        pass

    def _properties(self):
        return {
            "RegisteredStatusNotifierItems": dbus.Array(self.items, signature="s"),
            "IsStatusNotifierHostRegistered": dbus.Boolean(True),
            "ProtocolVersion": dbus.Int32(0),
        }

    @dbus.service.method(PROPERTIES, in_signature="ss", out_signature="v")
    def Get(self, interface, name):
        return self._properties()[name]

    @dbus.service.method(PROPERTIES, in_signature="s", out_signature="a{sv}")
    def GetAll(self, interface):
        return self._properties() if interface == WATCHER else {}

    def forget(self, name, old, new):
        """Drops the icons of an app that left the bus."""
        if new == "" and old != "":
            for item in [i for i in self.items if i.startswith(name + "/") or i == name]:
                self.items.remove(item)
                self.StatusNotifierItemUnregistered(item)


def watch():
    dbus.mainloop.glib.DBusGMainLoop(set_as_default=True)
    bus = dbus.SessionBus()
    watcher = Watcher(bus)
    name = dbus.service.BusName(WATCHER, bus, do_not_queue=True)
    bus.add_signal_receiver(watcher.forget, "NameOwnerChanged", "org.freedesktop.DBus")
    print("ready", flush=True)
    GLib.MainLoop().run()
    del name


def menu_items(bus):
    """(menu object, item id, label) of every item of every registered icon's menu."""
    watcher = bus.get_object(WATCHER, WATCHER_PATH)
    found = []
    for item in watcher.Get(WATCHER, "RegisteredStatusNotifierItems", dbus_interface=PROPERTIES):
        service, _, path = item.partition("/")
        icon = bus.get_object(service, "/" + path)
        menu_path = icon.Get(ITEM, "Menu", dbus_interface=PROPERTIES)
        menu = bus.get_object(service, menu_path)
        menu.AboutToShow(0, dbus_interface=MENU)
        _, layout = menu.GetLayout(0, -1, ["label", "visible", "enabled"], dbus_interface=MENU)
        stack = list(layout[2])
        while stack:
            item_id, props, children = stack.pop(0)
            if "label" in props:
                found.append((menu, int(item_id), str(props["label"])))
            stack.extend(children)
    return found


def main():
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "watch":
        watch()
    elif command == "menu":
        for _, _, label in menu_items(dbus.SessionBus()):
            print(label)
    elif command == "click" and len(sys.argv) == 3:
        for menu, item_id, label in menu_items(dbus.SessionBus()):
            if label.replace("_", "") == sys.argv[2]:
                menu.Event(item_id, "clicked", dbus.Int32(0, variant_level=1), dbus.UInt32(0),
                           dbus_interface=MENU)
                return
        print(f"no tray menu item {sys.argv[2]!r}", file=sys.stderr)
        sys.exit(1)
    else:
        print(__doc__, file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
