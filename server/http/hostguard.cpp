#include "hostguard.h"

#include <QHostAddress>

#include <algorithm>

namespace {
bool isNameCharacter(QChar c)
{
    return (c >= QLatin1Char('a') && c <= QLatin1Char('z')) ||
           (c >= QLatin1Char('0') && c <= QLatin1Char('9')) || c == QLatin1Char('-') ||
           c == QLatin1Char('.') || c == QLatin1Char('_');
}
} // namespace

HostGuard::HostPort HostGuard::split(const QString &raw)
{
    const QString text = raw.trimmed().toLower();
    QString name;
    QString port; // null: no port given; empty: "host:" (invalid)
    if (text.startsWith(QLatin1Char('['))) {
        const qsizetype close = text.indexOf(QLatin1Char(']'));
        if (close < 0)
            return {};
        name = text.mid(1, close - 1);
        const QString rest = text.mid(close + 1);
        if (!rest.isEmpty()) {
            if (!rest.startsWith(QLatin1Char(':')))
                return {};
            port = rest.mid(1);
            if (port.isNull())
                port = QLatin1String("");
        }
        const QHostAddress address(name);
        if (name.contains(QLatin1Char('%')) || address.protocol() != QAbstractSocket::IPv6Protocol)
            return {};
        name = address.toString().toLower(); // one spelling: [0:0::1] is [::1]
    } else {
        const qsizetype colon = text.indexOf(QLatin1Char(':'));
        name = colon < 0 ? text : text.left(colon);
        if (colon >= 0) {
            port = text.mid(colon + 1);
            if (port.isNull())
                port = QLatin1String("");
        }
        if (name.endsWith(QLatin1Char('.')))
            name.chop(1);
        if (name.isEmpty() || name.size() > 253 ||
            !std::all_of(name.begin(), name.end(), isNameCharacter))
            return {};
    }
    HostPort result;
    if (!port.isNull()) {
        const bool digits = !port.isEmpty() && port.size() <= 5 &&
                            std::all_of(port.begin(), port.end(), [](QChar c) {
                                return c >= QLatin1Char('0') && c <= QLatin1Char('9');
                            });
        const int number = digits ? port.toInt() : 0;
        if (number < 1 || number > 65535)
            return {};
        result.port = number;
    }
    result.name = name;
    return result;
}

bool HostGuard::parse(const QStringList &patterns, HostGuard *guard, QString *error)
{
    HostGuard result;
    for (const QString &raw : patterns) {
        const QString text = raw.trimmed().toLower();
        if (text.isEmpty())
            continue;
        Pattern pattern;
        QString hostText = text;
        if (text.startsWith(QLatin1String("*."))) {
            pattern.wildcard = true;
            hostText = text.mid(2);
        }
        pattern.host = split(hostText);
        if (pattern.host.name.isEmpty() || (pattern.wildcard && hostText.startsWith('['))) {
            *error = QStringLiteral("allowed host '%1' is not a host name, *.domain or [IPv6], "
                                    "with an optional :port")
                         .arg(text.left(80));
            return false;
        }
        result.m_patterns.append(pattern);
    }
    *guard = result;
    return true;
}

bool HostGuard::allows(const QByteArray &host) const
{
    if (m_patterns.isEmpty())
        return true;
    // Header values are bytes; anything beyond ASCII is no host name we serve.
    for (const char c : host) {
        if (static_cast<unsigned char>(c) >= 0x80 || c < 0x20)
            return false;
    }
    const HostPort asked = split(QString::fromLatin1(host));
    if (asked.name.isEmpty())
        return false;
    for (const Pattern &pattern : m_patterns) {
        if (pattern.host.port >= 0 && pattern.host.port != asked.port)
            continue;
        if (!pattern.wildcard && asked.name == pattern.host.name)
            return true;
        if (pattern.wildcard && asked.name.endsWith(QLatin1Char('.') + pattern.host.name))
            return true;
    }
    return false;
}
