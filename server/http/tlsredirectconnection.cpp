#include "tlsredirectconnection.h"

#include "apilimits.h"
#include "apiresponse.h"
#include "app/logcategories.h"
#include "httpconnection.h"
#include "httpresponsewriter.h"

#include <QLoggingCategory>
#include <QTcpSocket>

#include <algorithm>
#include <sys/socket.h>

namespace {
bool isHostNameChar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.';
}

bool isAddressChar(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' ||
           c == '.';
}
} // namespace

TlsRedirectConnection::TlsRedirectConnection(QTcpSocket *socket, quint16 httpsPort, QObject *parent)
    : QObject(parent), m_socket(socket), m_httpsPort(httpsPort), m_parser(Limits::kMaxBodyBytes)
{
    m_socket->setParent(this);
    m_timeout.setSingleShot(true);
    m_timeout.setInterval(kRequestTimeoutMs);
    connect(&m_timeout, &QTimer::timeout, m_socket, &QTcpSocket::abort);
    connect(m_socket, &QTcpSocket::readyRead, this, &TlsRedirectConnection::readIncoming);
    connect(m_socket, &QTcpSocket::disconnected, this, &QObject::deleteLater);
    m_timeout.start();
    if (m_socket->bytesAvailable() > 0)
        QMetaObject::invokeMethod(this, &TlsRedirectConnection::readIncoming, Qt::QueuedConnection);
}

QByteArray TlsRedirectConnection::location(const QByteArray &host, quint16 httpsPort,
                                           const QByteArray &target)
{
    QByteArray name;
    if (host.startsWith('[')) {
        const qsizetype close = host.indexOf(']');
        if (close < 2)
            return {};
        name = host.left(close + 1);
        const QByteArray inside = name.mid(1, name.size() - 2);
        if (!std::all_of(inside.begin(), inside.end(), isAddressChar))
            return {};
    } else {
        const qsizetype colon = host.indexOf(':');
        name = colon < 0 ? host : host.left(colon);
        if (name.isEmpty() || !std::all_of(name.begin(), name.end(), isHostNameChar))
            return {};
    }
    return "https://" + name + ':' + QByteArray::number(httpsPort) + target;
}

void TlsRedirectConnection::readIncoming()
{
    const QByteArray bytes = m_socket->readAll();
    if (m_answered)
        return; // discarded until the client closes or the linger ends
    m_parser.feed(bytes);
    const HttpRequestParser::Event event = m_parser.next();
    if (event == HttpRequestParser::Event::NeedMore)
        return;
    if (event == HttpRequestParser::Event::Error) {
        const HttpParseError &error = m_parser.error();
        answer(HttpResponseWriter::serialise(ApiResponse::error(error.code, error.message), true,
                                             false));
        return;
    }
    const HttpParsedRequest request = m_parser.takeRequest();
    const bool head = request.method == "HEAD";
    const QByteArray target = location(request.value("host"), m_httpsPort, request.target);
    if (target.isEmpty()) {
        answer(HttpResponseWriter::serialise(
            ApiResponse::error(ErrorCode::BadRequest,
                               QStringLiteral("This port only redirects to HTTPS, and needs a "
                                              "Host header naming this server to do so.")),
            true, head));
        return;
    }
    ApiResponse redirect = ApiResponse::text(
        308, QStringLiteral("This server speaks HTTPS: %1\n").arg(QString::fromLatin1(target)));
    redirect.headers.append({"Location", target});
    answer(HttpResponseWriter::serialise(redirect, true, head));
}

void TlsRedirectConnection::answer(const QByteArray &bytes)
{
    m_answered = true;
    m_socket->write(bytes);
    m_socket->flush();
    // As HttpConnection does: our FIN once the answer is out, then read and
    // discard whatever the client still sends for a moment, since closing on
    // unread bytes would reset the connection and could destroy the answer.
    const auto shutDownWhenFlushed = [this] {
        if (m_socket->bytesToWrite() > 0)
            return false;
        ::shutdown(int(m_socket->socketDescriptor()), SHUT_WR);
        m_timeout.start(HttpConnection::kLingerMs);
        return true;
    };
    if (!shutDownWhenFlushed())
        connect(m_socket, &QTcpSocket::bytesWritten, this, shutDownWhenFlushed);
}
