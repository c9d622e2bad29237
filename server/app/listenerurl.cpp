#include "listenerurl.h"

QString ListenerUrl::of(const QString &scheme, const QHostAddress &address, quint16 port)
{
    QHostAddress shown = address;
    if (address == QHostAddress::Any || address == QHostAddress::AnyIPv4)
        shown = QHostAddress(QHostAddress::LocalHost);
    else if (address == QHostAddress::AnyIPv6)
        shown = QHostAddress(QHostAddress::LocalHostIPv6);
    const QString host = shown.protocol() == QAbstractSocket::IPv6Protocol
                             ? QLatin1Char('[') + shown.toString() + QLatin1Char(']')
                             : shown.toString();
    return QStringLiteral("%1://%2:%3").arg(scheme, host).arg(port);
}
