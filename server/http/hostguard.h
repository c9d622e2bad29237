#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

// Whether a Host header names this server (--allowed-hosts), so a page on a
// rebound DNS name cannot talk to it from a victim's browser. Patterns:
// "name", "name:port", "*.example.org" (any subdomain, not example.org
// itself), "[::1]" or "[::1]:8080"; a pattern without a port allows any port,
// names compare case-insensitively, a trailing dot is ignored. No patterns:
// any Host. A value type, read-only once made, so any thread may use it.
class HostGuard
{
public:
    HostGuard() = default;

    // false with *error naming the pattern that is no host name or address.
    static bool parse(const QStringList &patterns, HostGuard *guard, QString *error);

    bool allows(const QByteArray &host) const;
    bool allowsAny() const { return m_patterns.isEmpty(); }

private:
    struct HostPort
    {
        QString name;  // lower case, IPv6 without brackets
        int port = -1; // -1: none given
    };
    // nullopt-like: name empty when text is no valid host[:port].
    static HostPort split(const QString &text);
    struct Pattern
    {
        bool wildcard = false; // name is then the suffix after "*."
        HostPort host;
    };
    QList<Pattern> m_patterns;
};
