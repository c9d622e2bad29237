#include "setupclient.h"

#include <cerrno>
#include <cstring>

#include <netdb.h>
#include <sys/time.h>
#include <unistd.h>

SetupClient::~SetupClient()
{
    if (m_fd >= 0)
        ::close(m_fd);
}

bool SetupClient::resolve(const QUrl &url)
{
    const int port = url.port(80);
    addrinfo hints{};
    hints.ai_socktype = SOCK_STREAM;
    addrinfo *found = nullptr;
    const QByteArray host = url.host().toUtf8();
    const int result = getaddrinfo(host.constData(), QByteArray::number(port).constData(), &hints,
                                   &found);
    if (result != 0 || !found) {
        m_error = QStringLiteral("cannot resolve %1: %2").arg(url.host(), QString::fromUtf8(gai_strerror(result)));
        return false;
    }
    std::memcpy(&m_address, found->ai_addr, found->ai_addrlen);
    m_addressLength = found->ai_addrlen;
    freeaddrinfo(found);
    m_hostHeader = (host.contains(':') ? '[' + host + ']' : host) + ':' + QByteArray::number(port);
    return true;
}

bool SetupClient::connectNow()
{
    m_fd = ::socket(m_address.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    timeval timeout{30, 0}; // show creation waits on the database, which may be busy
    setsockopt(m_fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    setsockopt(m_fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
    if (::connect(m_fd, reinterpret_cast<const sockaddr *>(&m_address), m_addressLength) != 0) {
        m_error = QStringLiteral("cannot connect to %1: %2")
                      .arg(QString::fromUtf8(m_hostHeader), QString::fromUtf8(std::strerror(errno)));
        ::close(m_fd);
        m_fd = -1;
        return false;
    }
    m_parser.reset();
    return true;
}

ResponseParser::Response SetupClient::request(const QByteArray &method, const QByteArray &path,
                                              const QByteArray &body, const QByteArray &token)
{
    ResponseParser::Response response;
    if (m_fd < 0 && !connectNow())
        return response;
    QByteArray bytes = method + ' ' + path + " HTTP/1.1\r\nHost: " + m_hostHeader + "\r\n";
    if (!token.isEmpty())
        bytes += "Authorization: Bearer " + token + "\r\n";
    if (!body.isEmpty())
        bytes += "Content-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n";
    bytes += "\r\n" + body;
    if (::send(m_fd, bytes.constData(), size_t(bytes.size()), MSG_NOSIGNAL) != bytes.size()) {
        m_error = QStringLiteral("sending to %1 failed").arg(QString::fromUtf8(m_hostHeader));
        ::close(m_fd);
        m_fd = -1;
        return response;
    }
    char buffer[16384];
    for (;;) {
        const ResponseParser::State state = m_parser.next(response);
        if (state == ResponseParser::State::Complete) {
            if (!response.keepAlive) {
                ::close(m_fd);
                m_fd = -1;
            }
            return response;
        }
        const ssize_t n = state == ResponseParser::State::Error ? -1 : ::read(m_fd, buffer, sizeof buffer);
        if (n <= 0) {
            m_error = QStringLiteral("no valid answer from %1").arg(QString::fromUtf8(m_hostHeader));
            ::close(m_fd);
            m_fd = -1;
            return ResponseParser::Response{};
        }
        m_parser.append(buffer, n);
    }
}
