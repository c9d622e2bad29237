#include "upgradecapture.h"

#include <QIODevice>

void UpgradeCapture::begin(QIODevice *socket)
{
    socket->startTransaction();
    m_device = socket;
}

void UpgradeCapture::noteRead(qint64 bytes)
{
    m_read += bytes;
    if (m_read > kMaxHandshakeBytes && !m_upgradeAsked)
        settle();
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
    if (!m_device)
        return;
    m_device->rollbackTransaction();
    m_device = nullptr;
    m_upgradeAsked = false;
}

void UpgradeCapture::settle()
{
    if (!m_device)
        return;
    m_device->commitTransaction();
    m_device = nullptr;
    m_upgradeAsked = false;
}
