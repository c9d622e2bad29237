#include "clientaddress.h"

namespace {
bool isNull(const QHostAddress &address)
{
    return address.isNull() || address.protocol() == QAbstractSocket::UnknownNetworkLayerProtocol;
}
} // namespace

bool ClientAddress::parse(const QStringList &trustedProxies, ClientAddress *resolver,
                          QString *error)
{
    ClientAddress result;
    for (const QString &raw : trustedProxies) {
        const QString entry = raw.trimmed();
        if (entry.isEmpty())
            continue;
        QPair<QHostAddress, int> subnet;
        if (entry.contains(QLatin1Char('/'))) {
            subnet = QHostAddress::parseSubnet(entry);
        } else {
            const QHostAddress address(entry);
            if (!isNull(address))
                subnet = {address, address.protocol() == QAbstractSocket::IPv4Protocol ? 32 : 128};
        }
        if (isNull(subnet.first) || subnet.second < 0) {
            *error = QStringLiteral(
                         "trusted proxy '%1' is neither an IP address nor a subnet (10.0.0.0/8)")
                         .arg(entry.left(80));
            return false;
        }
        subnet.first = normalized(subnet.first);
        // A v4-mapped v6 subnet ("::ffff:10.0.0.0/104") is the v4 subnet.
        if (subnet.first.protocol() == QAbstractSocket::IPv4Protocol && subnet.second > 32)
            subnet.second -= 96;
        result.m_trusted.append(subnet);
    }
    *resolver = result;
    return true;
}

QHostAddress ClientAddress::normalized(const QHostAddress &address)
{
    bool mapped = false;
    const quint32 v4 = address.toIPv4Address(&mapped);
    if (mapped && address.protocol() == QAbstractSocket::IPv6Protocol)
        return QHostAddress(v4);
    QHostAddress copy = address;
    copy.setScopeId(QString());
    return copy;
}

bool ClientAddress::isTrusted(const QHostAddress &address) const
{
    const QHostAddress plain = normalized(address);
    for (const auto &subnet : m_trusted) {
        if (plain.isInSubnet(subnet))
            return true;
    }
    return false;
}

QHostAddress ClientAddress::parseEntry(const QByteArray &entry)
{
    QByteArray text = entry.trimmed();
    if (text.isEmpty() || text.size() > 64)
        return {};
    if (text.startsWith('[')) {
        // "[v6]" or "[v6]:port"
        const qsizetype close = text.indexOf(']');
        if (close < 0)
            return {};
        const QByteArray rest = text.mid(close + 1);
        if (!rest.isEmpty() && !(rest.startsWith(':') && rest.size() > 1))
            return {};
        text = text.mid(1, close - 1);
        if (!text.contains(':'))
            return {};
    } else if (text.count(':') == 1) {
        text = text.left(text.indexOf(':')); // "v4:port"
        if (!text.contains('.'))
            return {};
    }
    for (const char c : text) {
        const bool ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
                        (c >= 'A' && c <= 'F') || c == ':' || c == '.';
        if (!ok)
            return {}; // no zone ids, no names: only literal addresses
    }
    const QHostAddress address(QString::fromLatin1(text));
    if (isNull(address))
        return {};
    return normalized(address);
}

QString ClientAddress::resolve(const QHostAddress &peer, const QByteArray &forwardedFor) const
{
    QHostAddress client = normalized(peer);
    if (m_trusted.isEmpty() || !isTrusted(client) || forwardedFor.isEmpty())
        return client.toString();
    const QList<QByteArray> entries = forwardedFor.split(',');
    int hops = 0;
    for (qsizetype i = entries.size() - 1; i >= 0 && hops < kMaxHops; --i, ++hops) {
        const QHostAddress hop = parseEntry(entries.at(i));
        // An entry that is no address ("unknown", garbage) ends the walk: what
        // lies left of it cannot be told apart from the client's own forgery,
        // so the last hop we trust is the client we know.
        if (isNull(hop))
            break;
        client = hop;
        if (!isTrusted(hop))
            break;
    }
    return client.toString();
}
