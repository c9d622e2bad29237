#include "httpconnection.h"

#include "apilimits.h"
#include "apirequestbuilder.h"
#include "app/logcategories.h"
#include "httpresponsewriter.h"
#include "router.h"
#include "streamedanswer.h"
#include "tlssocket.h"

#include <QLoggingCategory>
#include <QSocketNotifier>
#include <QTcpSocket>

#include <cerrno>
#include <sys/socket.h>

HttpConnection::HttpConnection(QTcpSocket *socket, const Router &router, int idleTimeoutMs,
                               QObject *continuationContext, std::function<void()> onDropped,
                               const RequestObservers *observers)
    : QObject(continuationContext), m_socket(socket), m_router(router),
      m_context(continuationContext), m_onDropped(std::move(onDropped)), m_observers(observers),
      m_parser(Limits::kMaxBodyBytes)
{
    m_socket->setParent(this);
    m_socket->setReadBufferSize(kReadBufferBytes);
    // Any traffic restarts the clock; a request being worked on keeps the
    // connection open however long the database takes.
    m_idle.setSingleShot(true);
    m_idle.setInterval(idleTimeoutMs);
    m_linger.setSingleShot(true);
    m_linger.setInterval(kLingerMs);
    connect(&m_idle, &QTimer::timeout, this, &HttpConnection::onIdleTimeout);
    connect(&m_linger, &QTimer::timeout, m_socket, &QTcpSocket::abort);
    m_peerCheck.setInterval(kPeerCheckMs);
    connect(&m_peerCheck, &QTimer::timeout, this, &HttpConnection::checkPeer);
    connect(m_socket, &QTcpSocket::readyRead, this, &HttpConnection::readIncoming);
    connect(m_socket, &QTcpSocket::readyRead, &m_idle, qOverload<>(&QTimer::start));
    connect(m_socket, &QTcpSocket::bytesWritten, &m_idle, qOverload<>(&QTimer::start));
    connect(m_socket, &QTcpSocket::disconnected, this, &HttpConnection::onDisconnected);
    m_idle.start();
    m_upgradeCapture.begin(m_socket);
    if (m_upgradeCapture.unreadBytes(m_socket) > 0)
        QMetaObject::invokeMethod(this, &HttpConnection::readIncoming, Qt::QueuedConnection);
}

HttpConnection::~HttpConnection()
{
    if (m_inFlightAbandoned)
        *m_inFlightAbandoned = true;
}

QTcpSocket *HttpConnection::releaseSocket()
{
    QTcpSocket *socket = m_socket;
    if (!socket)
        return nullptr;
    setReading(true); // its new owner reads (a request in progress had turned it off)
    m_peerCheck.stop();
    disconnect(socket, nullptr, this, nullptr);
    disconnect(socket, nullptr, &m_idle, nullptr);
    m_idle.stop();
    m_linger.stop();
    socket->setParent(nullptr);
    m_socket = nullptr;
    deleteLater();
    return socket;
}

void HttpConnection::readIncoming()
{
    if (!m_socket)
        return;
    const QByteArray bytes = m_upgradeCapture.takeArrived(m_socket);
    // After a refusal or the last answer, what follows has no framing we trust.
    if (m_refused || m_closing)
        return;
    if (m_peerFinished)
        setReading(false); // reading re-armed Qt's notifier; keep it off (see setReading)
    m_parser.feed(bytes);
    while (!m_refused && m_socket && m_socket->state() == QAbstractSocket::ConnectedState) {
        const HttpRequestParser::Event event = m_parser.next();
        if (event == HttpRequestParser::Event::NeedMore)
            break;
        if (event == HttpRequestParser::Event::Error) {
            refuse(m_parser.error());
            break;
        }
        const HttpParsedRequest parsed = m_parser.takeRequest();
        m_continueSent = false;
        Pending pending;
        pending.request = ApiRequestBuilder::fromParsed(parsed);
        pending.request.peerAddress = m_socket->peerAddress();
        pending.request.clientAddress = pending.request.peerAddress.toString();
        pending.headOnly = pending.request.method == QHttpServerRequest::Method::Head;
        pending.close = !parsed.keepAlive;
        pending.http10 = parsed.minorVersion == 0;
        const bool asksForUpgrade =
            pending.request.method == QHttpServerRequest::Method::Get && parsed.has("upgrade");
        if (!m_firstParsed) {
            m_firstParsed = true;
            pending.upgrade = asksForUpgrade;
            m_upgradeCapture.firstRequestParsed(asksForUpgrade);
        }
        // What follows an upgrade request belongs to the new protocol, if any.
        if (asksForUpgrade)
            pending.close = true;
        // Nothing after a request that closes the connection is ever answered.
        if (pending.close)
            m_refused = true;
        queue(std::move(pending));
    }
    // Reading re-armed Qt's notifier; while a request is in progress it stays off.
    if (m_socket && m_busy && !m_closing)
        setReading(false);
    maybeSendContinue();
}

void HttpConnection::queue(Pending pending)
{
    if (m_waiting.size() >= kMaxWaitingRequests) {
        qCWarning(lcHttp) << "closing a connection with" << m_waiting.size()
                          << "unanswered requests";
        m_socket->abort();
        return;
    }
    m_waiting.enqueue(std::move(pending));
    startNext();
}

void HttpConnection::refuse(const HttpParseError &error)
{
    m_refused = true;
    qCDebug(lcHttp) << "refusing a request:" << error.message;
    Pending pending;
    pending.close = true;
    pending.ready = ApiResponse::error(error.code, error.message);
    queue(std::move(pending));
}

void HttpConnection::startNext()
{
    if (m_busy || !m_socket)
        return;
    if (m_waiting.isEmpty()) {
        // All the client sent before its FIN, or before the drain, is answered.
        if (m_peerFinished || (m_draining && !requestArriving())) {
            closeGracefully();
            return;
        }
        setReading(true);
        maybeSendContinue();
        return;
    }
    m_busy = true;
    setReading(false);
    Pending pending = m_waiting.dequeue();
    const bool close = pending.close;
    const bool headOnly = pending.headOnly;
    const bool http10 = pending.http10;
    // Every answer names its request, refusals of the HTTP layer too (they
    // have no parsed X-Request-Id, so they get one made up).
    const QByteArray requestId = pending.request.requestId.isEmpty()
                                     ? ApiRequestBuilder::requestIdFrom(QByteArray())
                                     : pending.request.requestId;
    AnswerReport answering;
    answering.record.requestId = requestId;
    answering.record.method = pending.request.method;
    answering.record.path = pending.request.path;
    answering.record.clientAddress = pending.request.clientAddress;
    answering.trace = pending.request.trace;
    answering.received = pending.received;
    const RequestObservers *observers = m_observers;
    if (pending.ready) {
        const ApiResponse response = ApiRequestBuilder::withRequestId(*pending.ready, requestId);
        const bool written = finish(response, close, headOnly, http10);
        answering.send(observers, response.status, headOnly ? 0 : response.body.size(), !written);
        return;
    }
    m_inFlightAbandoned = pending.request.abandoned;
    QPointer<HttpConnection> guard(this);
    const std::function<void()> dropped = m_onDropped;
    const bool upgrade = pending.upgrade;
    m_router.dispatch(pending.request)
        .then(m_context.data(), [guard, dropped, close, headOnly, http10, requestId, observers,
                                 answering, upgrade](const ApiResponse &response) mutable {
            const qint64 bodyBytes = headOnly ? 0 : response.body.size();
            if (!guard) {
                if (dropped)
                    dropped();
                answering.send(observers, response.status, bodyBytes, true);
                return;
            }
            if (response.isUpgrade() || upgrade) {
                // Either way, nothing the client sent after it was parsed.
                if (response.isUpgrade() && guard->upgrade(response, http10)) {
                    answering.send(observers, 101, 0, false);
                    return;
                }
                guard->m_upgradeCapture.settle();
            }
            const ApiResponse answer =
                response.isUpgrade()
                    ? ApiResponse::error(ErrorCode::BadRequest,
                                         QStringLiteral("Only the first request on a connection "
                                                        "can become a WebSocket."))
                    : response;
            const bool written = guard->finish(ApiRequestBuilder::withRequestId(answer, requestId),
                                               close, headOnly, http10);
            answering.send(observers, answer.status, headOnly ? 0 : answer.body.size(),
                           !written);
        });
}

bool HttpConnection::upgrade(const ApiResponse &response, bool http10)
{
    if (http10 || !m_upgradeCapture.canHandOver() || !m_socket ||
        m_socket->state() != QAbstractSocket::ConnectedState)
        return false;
    m_upgradeCapture.handOver();
    m_inFlightAbandoned.reset();
    response.upgradeTo(releaseSocket());
    return true;
}

bool HttpConnection::finish(const ApiResponse &response, bool close, bool headOnly, bool http10)
{
    if (!m_socket || m_socket->state() != QAbstractSocket::ConnectedState) {
        if (m_onDropped)
            m_onDropped();
        return false;
    }
    // Draining, the last answer owed says so; one that more requests follow cannot.
    close = close || (m_draining && m_waiting.isEmpty() && !requestArriving());
    if (response.isStreaming() && !headOnly) {
        m_stream = new StreamedAnswer(m_socket, response, close, http10, this);
        connect(m_stream, &StreamedAnswer::finished, this, [this](bool closeAfter) {
            m_stream = nullptr; // it deletes itself; this connection is no longer streaming
            afterAnswer(closeAfter);
        });
        return true;
    }
    m_socket->write(HttpResponseWriter::serialise(response, close, headOnly,
                                                  response.isStreaming()
                                                      ? HttpResponseWriter::Framing::Chunked
                                                      : HttpResponseWriter::Framing::Length));
    afterAnswer(close);
    return true;
}

void HttpConnection::afterAnswer(bool close)
{
    m_inFlightAbandoned.reset();
    // An answer the kernel took at once emits no bytesWritten (DirectWriteSocket).
    m_idle.start();
    if (close) {
        closeGracefully();
        return;
    }
    if (TlsSocket::unsentBytes(m_socket) > kMaxUnsentBytes) {
        // A client that sends but does not read: take no more of its requests
        // until it has read what we already answered.
        m_drain = TlsSocket::onKernelWrite(m_socket, this, [this] {
            if (TlsSocket::unsentBytes(m_socket) > kMaxUnsentBytes)
                return;
            disconnect(m_drain);
            m_drain = {};
            m_busy = false;
            startNext();
        });
        return;
    }
    m_busy = false;
    startNext();
}

void HttpConnection::closeAfterAnswers()
{
    m_draining = true;
    if (m_stream)
        m_stream->end(); // its end goes on through afterAnswer(), which closes
    else if (!m_socket || m_busy || m_closing)
        return; // closes after its answer
    else if (TlsSocket::unsentBytes(m_socket) == 0 && !requestArriving())
        m_socket->abort(); // idle, all read and all sent: nothing can be lost, no linger
    else
        startNext(); // closes once what is on its way is answered
}

void HttpConnection::closeGracefully()
{
    m_closing = true;
    m_waiting.clear();
    setReading(true); // to notice the peer's close; what it still sends is discarded
    // Send our FIN once the answer is out, then keep reading (and discarding)
    // until the peer closes too or kLingerMs pass: closing with its unread
    // bytes would send a reset that can destroy the answer in flight.
    const auto shutDownWhenFlushed = [this] {
        if (TlsSocket::unsentBytes(m_socket) > 0)
            return false;
        ::shutdown(int(m_socket->socketDescriptor()), SHUT_WR);
        if (m_peerFinished)
            m_socket->abort(); // both sides are done; nothing is left unread
        else
            m_linger.start();
        return true;
    };
    if (TlsSocket::unsentBytes(m_socket) > 0)
        m_socket->flush();
    if (shutDownWhenFlushed())
        return;
    m_drain = TlsSocket::onKernelWrite(m_socket, this, [this, shutDownWhenFlushed] {
        if (shutDownWhenFlushed()) {
            disconnect(m_drain);
            m_drain = {};
        }
    });
}

void HttpConnection::maybeSendContinue()
{
    // Only when every earlier answer is out: 100 Continue belongs to the request
    // whose body the client holds back, and must not overtake earlier answers.
    if (!m_socket || m_busy || !m_waiting.isEmpty() || m_continueSent || m_refused)
        return;
    if (!m_parser.awaitingContinue())
        return;
    m_continueSent = true;
    m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
}

void HttpConnection::onIdleTimeout()
{
    if (!m_socket)
        return;
    // Waiting on our own work, or streaming, keeps a connection; waiting for a
    // client that does not read its answers does not.
    const bool drainingToSilentClient = bool(m_drain);
    if (m_stream || ((m_busy || !m_waiting.isEmpty()) && !drainingToSilentClient)) {
        m_idle.start();
        return;
    }
    m_socket->abort();
}

void HttpConnection::onDisconnected()
{
    m_peerCheck.stop();
    if (m_inFlightAbandoned)
        *m_inFlightAbandoned = true;
    m_waiting.clear();
    m_idle.stop();
    m_linger.stop();
    deleteLater();
}
