#pragma once

#include <QIODevice>

// Frees the block a socket's read buffer keeps once it has been read empty.
//
// Qt 6.4 keeps one 16 KiB block in a socket's read buffer between reads
// (QRingBuffer keeps a block of its basic size), unless a read takes the block
// whole: QIODevice::read(n) with n exactly the bytes of the buffer's first
// block. For sockets whose reads are not ours (a QWebSocket reads its frames
// itself) the release is one byte put back and read again, which reuses the
// kept block and takes it whole. What is read is only that byte, so the
// socket's data is untouched whatever Qt does inside. About 4.5 KiB resident
// per idle connection (docs/performance.md, issue 16); HTTP connections need
// none of this (UpgradeCapture reads their bytes that way).
namespace ReadBlockRelease {

inline void releaseNow(QIODevice *device)
{
    if (!device->isOpen() || device->bytesAvailable() != 0 || device->isTransactionStarted())
        return;
    device->ungetChar('\0');
    device->read(1);
}

// Releases now and after each readyRead of device has been handled by the
// slots connected before this call (queued, so it runs after queued ones too).
inline void releaseAfterEachRead(QIODevice *device)
{
    releaseNow(device);
    QObject::connect(
        device, &QIODevice::readyRead, device, [device] { releaseNow(device); },
        Qt::QueuedConnection);
}

} // namespace ReadBlockRelease
