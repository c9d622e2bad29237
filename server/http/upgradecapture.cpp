#include "upgradecapture.h"

#include <QIODevice>

namespace {
QByteArray takeAll(QIODevice *socket)
{
    // Exactly what is buffered, so that Qt hands over its block (see the header).
    return socket->read(socket->bytesAvailable());
}
} // namespace

void UpgradeCapture::begin(QIODevice *socket)
{
    m_device = socket;
    m_peeked = 0;
}

QByteArray UpgradeCapture::takeArrived(QIODevice *socket)
{
    if (m_device != socket)
        return takeAll(socket);
    const QByteArray held = socket->peek(socket->bytesAvailable());
    const QByteArray arrived = held.mid(m_peeked);
    m_peeked = held.size();
    if (m_peeked > kMaxHandshakeBytes && !m_upgradeAsked)
        settle();
    return arrived;
}

qint64 UpgradeCapture::unreadBytes(const QIODevice *socket) const
{
    return socket->bytesAvailable() - (m_device == socket ? m_peeked : 0);
}

void UpgradeCapture::firstRequestParsed(bool asksForUpgrade)
{
    if (!m_device)
        return;
    m_upgradeAsked = asksForUpgrade;
    if (!asksForUpgrade)
        settle();
}

void UpgradeCapture::handOver()
{
    m_device = nullptr;
    m_upgradeAsked = false;
}

void UpgradeCapture::settle()
{
    if (!m_device)
        return;
    m_device->read(m_peeked); // already parsed: dropped
    m_device = nullptr;
    m_upgradeAsked = false;
}
