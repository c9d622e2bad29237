#pragma once

#include <QByteArray>

// Tells systemd how the service is doing (the sd_notify protocol, without
// libsystemd): one datagram such as "READY=1" to the AF_UNIX socket that
// $NOTIFY_SOCKET names, a path or, starting with '@', an abstract name. So the
// unit can be Type=notify: systemd counts the server as started once it
// listens, and as stopping once it drains. Without $NOTIFY_SOCKET (not run by
// systemd) nothing is sent.
//
// Thread-safe (nothing is kept between calls).
namespace SystemdNotifier {
// True when the datagram was sent; false when there is no socket to tell, or
// sending failed (which only costs systemd's view of the state, never the server).
bool notify(const QByteArray &state);
} // namespace SystemdNotifier
