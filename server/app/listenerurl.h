#pragma once

#include <QHostAddress>
#include <QString>

// The URL a client on this machine uses to reach a listener: the any-address
// becomes loopback (IPv6 for "::"), and an IPv6 host is put in brackets. Used
// for the lines tests and scripts read ("listening on", "metrics on").
namespace ListenerUrl {
QString of(const QString &scheme, const QHostAddress &address, quint16 port);
} // namespace ListenerUrl
