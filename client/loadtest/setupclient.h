#pragma once

#include "responseparser.h"

#include <QByteArray>
#include <QString>
#include <QUrl>

#include <sys/socket.h>

// Blocking HTTP/1.1 on one keep-alive connection, for the requests before the load
// (resolving the server, creating shows): few, sequential, each waited for.
class SetupClient
{
public:
    ~SetupClient();

    // Resolves the URL's host; false with errorString() when it cannot.
    bool resolve(const QUrl &url);
    const sockaddr_storage &address() const { return m_address; }
    socklen_t addressLength() const { return m_addressLength; }
    QByteArray hostHeader() const { return m_hostHeader; }

    // One request; status 0 with errorString() on a transport failure.
    ResponseParser::Response request(const QByteArray &method, const QByteArray &path,
                                     const QByteArray &body, const QByteArray &token);
    QString errorString() const { return m_error; }

private:
    bool connectNow();

    sockaddr_storage m_address{};
    socklen_t m_addressLength = 0;
    QByteArray m_hostHeader;
    int m_fd = -1;
    ResponseParser m_parser;
    QString m_error;
};
