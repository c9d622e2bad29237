#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

// Who the client is: the TCP peer, or, when the peer is a trusted proxy
// (--trusted-proxies: addresses or CIDR subnets), the right-most
// X-Forwarded-For entry that is not itself a trusted proxy. Entries left of
// that one were written by the client and are never believed. A value type,
// read-only once made, so any thread may use it.
class ClientAddress
{
public:
    ClientAddress() = default;

    // false with *error naming the entry that is neither an address nor a subnet.
    static bool parse(const QStringList &trustedProxies, ClientAddress *resolver, QString *error);

    // The client's address as text (IPv4-mapped IPv6 shown as IPv4).
    QString resolve(const QHostAddress &peer, const QByteArray &forwardedFor) const;

    bool isTrusted(const QHostAddress &address) const;
    // "::ffff:1.2.3.4" as 1.2.3.4, so one client has one spelling whatever the
    // listening socket's family; others unchanged, without a scope id.
    static QHostAddress normalized(const QHostAddress &address);
    // One X-Forwarded-For entry: "1.2.3.4", "1.2.3.4:5678", "2001:db8::1",
    // "[2001:db8::1]:443"; a null address for anything else.
    static QHostAddress parseEntry(const QByteArray &entry);

    // At most this many X-Forwarded-For entries are walked; a longer chain of
    // trusted proxies than that is a misconfiguration, not a client.
    static constexpr int kMaxHops = 32;

private:
    QList<QPair<QHostAddress, int>> m_trusted;
};
