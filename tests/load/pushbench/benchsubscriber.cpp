#include "benchsubscriber.h"

#include "monotonicclock.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <time.h>

namespace {
qint64 wallMicros()
{
    timespec ts{};
    clock_gettime(CLOCK_REALTIME, &ts);
    return qint64(ts.tv_sec) * 1000000 + ts.tv_nsec / 1000;
}
} // namespace

BenchSubscriber::BenchSubscriber(PushTransport transport, const QUrl &baseUrl, qint64 showId,
                                 QObject *parent)
    : QObject(parent), m_transport(transport), m_host(baseUrl.host().toUtf8()),
      m_port(quint16(baseUrl.port(80))), m_showId(showId)
{
    m_target = transport == PushTransport::EventStream ? "/events"
               : transport == PushTransport::WebSocket ? "/ws"
                                                       : "/health";
    if (showId > 0 && transport != PushTransport::KeepAlive)
        m_target += "?show=" + QByteArray::number(showId);
    connect(&m_socket, &QTcpSocket::connected, this, [this] {
        const QByteArray host = m_host + ':' + QByteArray::number(m_port);
        switch (m_transport) {
        case PushTransport::EventStream:
            m_socket.write(EventStreamReader::request(host, m_target));
            break;
        case PushTransport::WebSocket:
            m_socket.write(m_webSocket.request(host, m_target));
            break;
        case PushTransport::KeepAlive:
            m_socket.write("GET " + m_target + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n");
            break;
        }
    });
    connect(&m_socket, &QTcpSocket::readyRead, this, &BenchSubscriber::onReadyRead);
    connect(&m_socket, &QTcpSocket::errorOccurred, this, [this] { fail(m_socket.errorString()); });
}

void BenchSubscriber::open()
{
    m_socket.setSocketOption(QAbstractSocket::LowDelayOption, 1);
    m_socket.connectToHost(QString::fromUtf8(m_host), m_port);
}

void BenchSubscriber::close()
{
    m_socket.disconnect(this);
    m_socket.abort();
}

void BenchSubscriber::onReadyRead()
{
    const qint64 micros = monotonicMicros();
    const qint64 wall = wallMicros();
    const QByteArray bytes = m_socket.readAll();
    if (m_transport == PushTransport::KeepAlive) {
        onKeepAliveAnswer(bytes);
        return;
    }
    QList<QByteArray> messages;
    QByteArray reply;
    const bool ok = m_transport == PushTransport::EventStream
                        ? m_eventStream.feed(bytes, &messages)
                        : m_webSocket.feed(bytes, &messages, &reply);
    if (!reply.isEmpty())
        m_socket.write(reply);
    for (const QByteArray &message : std::as_const(messages))
        onMessage(message, micros, wall);
    if (!ok)
        fail(QString::fromUtf8(m_transport == PushTransport::EventStream ? m_eventStream.failure()
                                                                         : m_webSocket.failure()));
}

void BenchSubscriber::onMessage(const QByteArray &json, qint64 micros, qint64 wallMicros)
{
    // Cheap checks first: at 1 000 bookings/s a subscriber hears about ten show
    // events a second, and only those are parsed in full.
    if (json.contains("\"type\":\"show\"")) {
        const QJsonObject message = QJsonDocument::fromJson(json).object();
        const QJsonObject show = message.value(QLatin1String("show")).toObject();
        if (m_showId == 0 || show.value(QLatin1String("id")).toInteger() == m_showId)
            m_arrivals.push_back({micros, wallMicros,
                                  show.value(QLatin1String("reserved_seats")).toInteger(),
                                  message.value(QLatin1String("at")).toInteger()});
    } else if (json.contains("\"type\":\"hello\"")) {
        if (!m_ready) {
            m_ready = true;
            emit ready();
        }
    } else if (json.contains("\"type\":\"resync\"")) {
        ++m_resyncs;
    }
}

void BenchSubscriber::onKeepAliveAnswer(const QByteArray &bytes)
{
    m_keepAlive.append(bytes.constData(), bytes.size());
    ResponseParser::Response response;
    switch (m_keepAlive.next(response)) {
    case ResponseParser::State::NeedMore:
        return;
    case ResponseParser::State::Error:
        fail(QStringLiteral("no valid answer to GET /health"));
        return;
    case ResponseParser::State::Complete:
        if (response.status != 200 || !response.keepAlive) {
            fail(QStringLiteral("GET /health answered %1%2")
                     .arg(response.status)
                     .arg(QLatin1String(response.keepAlive ? "" : " and closed")));
        } else if (!m_ready) {
            m_ready = true;
            emit ready();
        }
        return;
    }
}

void BenchSubscriber::fail(const QString &why)
{
    if (!m_failure.isEmpty())
        return;
    m_failure = why.isEmpty() ? QStringLiteral("connection lost") : why;
    m_socket.abort();
    emit failed();
}
