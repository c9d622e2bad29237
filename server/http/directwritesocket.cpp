#include "directwritesocket.h"

#include <cerrno>
#include <sys/socket.h>

qint64 DirectWriteSocket::writeData(const char *data, qint64 size)
{
    if (size <= 0 || bytesToWrite() > 0 || state() != ConnectedState)
        return QTcpSocket::writeData(data, size);
    const ssize_t sent =
        ::send(int(socketDescriptor()), data, size_t(size), MSG_NOSIGNAL | MSG_DONTWAIT);
    if (sent == size)
        return size;
    // The kernel took part or nothing (full, or an error): Qt buffers the rest,
    // sends it when it can and reports any error its own way.
    const qint64 taken = sent > 0 ? qint64(sent) : 0;
    const qint64 buffered = QTcpSocket::writeData(data + taken, size - taken);
    return buffered < 0 ? buffered : size;
}
