#include "bookingdriver.h"

#include "monotonicclock.h"

namespace {
constexpr qint64 kLateMicros = 1000;
constexpr int kDrainMs = 10000; // waiting for answers in flight at the end
} // namespace

BookingDriver::BookingDriver(const QUrl &baseUrl, const QByteArray &token, qint64 showId,
                             int connections, double rate, double seconds, QObject *parent)
    : QObject(parent), m_host(baseUrl.host()), m_port(quint16(baseUrl.port(80))),
      m_intervalMicros(1e6 / rate), m_durationMicros(qint64(seconds * 1e6))
{
    const QByteArray body = R"({"user_name":"bench","seats":1})";
    m_request =
        "POST /shows/" + QByteArray::number(showId) + "/book HTTP/1.1\r\nHost: " + m_host.toUtf8() +
        ':' + QByteArray::number(m_port) + "\r\nAuthorization: Bearer " + token +
        "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) +
        "\r\n\r\n" + body;
    for (int i = 0; i < connections; ++i)
        m_connections.push_back(std::make_unique<Connection>());
    // A Qt timer has millisecond resolution; each tick sends everything that
    // fell due since the last one, with its latency counted from when it was due.
    m_tick.setTimerType(Qt::PreciseTimer);
    m_tick.setSingleShot(true);
    connect(&m_tick, &QTimer::timeout, this, &BookingDriver::pump);
    m_drainDeadline.setSingleShot(true);
    m_drainDeadline.setInterval(kDrainMs);
    connect(&m_drainDeadline, &QTimer::timeout, this, [this] {
        for (auto &c : m_connections) {
            if (c->busy)
                onLost(*c);
        }
        finishIfDone();
    });
}

BookingDriver::~BookingDriver() = default;

void BookingDriver::start()
{
    for (auto &owned : m_connections) {
        Connection &c = *owned;
        connect(&c.socket, &QTcpSocket::connected, this, &BookingDriver::onConnected);
        connect(&c.socket, &QTcpSocket::readyRead, this, [this, &c] { onReadyRead(c); });
        connect(&c.socket, &QTcpSocket::errorOccurred, this, [this, &c] { onLost(c); });
        c.socket.connectToHost(m_host, m_port);
        c.socket.setSocketOption(QAbstractSocket::LowDelayOption, 1);
    }
}

void BookingDriver::onConnected()
{
    // The clock starts once every connection is up, so that connecting is not
    // counted as the first bookings' latency.
    if (++m_connected < int(m_connections.size()) || m_scheduling)
        return;
    m_scheduling = true;
    m_startMicros = monotonicMicros();
    m_nextDue = double(m_startMicros);
    pump();
}

void BookingDriver::pump()
{
    const qint64 now = monotonicMicros();
    const qint64 stopAt = m_startMicros + m_durationMicros;
    if (m_scheduling) {
        while (m_nextDue <= double(now) && m_nextDue < double(stopAt)) {
            m_backlog.push_back(qint64(m_nextDue));
            m_nextDue += m_intervalMicros;
        }
        if (m_nextDue >= double(stopAt)) {
            m_scheduling = false;
            m_drainDeadline.start();
        }
    }
    for (auto &c : m_connections) {
        if (m_backlog.empty())
            break;
        if (!c->busy && c->socket.state() == QAbstractSocket::ConnectedState) {
            send(*c, m_backlog.front());
            m_backlog.pop_front();
        }
    }
    if (m_scheduling)
        m_tick.start(int(std::max<qint64>(0, (qint64(m_nextDue) - monotonicMicros()) / 1000)));
    finishIfDone();
}

void BookingDriver::send(Connection &c, qint64 due)
{
    if (monotonicMicros() - due > kLateMicros)
        ++m_late;
    c.busy = true;
    c.dueMicros = due;
    ++m_sent;
    c.socket.write(m_request);
}

void BookingDriver::onReadyRead(Connection &c)
{
    const qint64 now = monotonicMicros();
    const QByteArray bytes = c.socket.readAll();
    c.parser.append(bytes.constData(), bytes.size());
    ResponseParser::Response response;
    for (;;) {
        const ResponseParser::State state = c.parser.next(response);
        if (state == ResponseParser::State::NeedMore)
            break;
        if (state == ResponseParser::State::Error || !c.busy) {
            onLost(c);
            return;
        }
        c.busy = false;
        ++m_statuses[response.status];
        m_latency.record(now - c.dueMicros);
        if (response.status == 201)
            m_acks.push_back(now);
        if (!response.keepAlive) {
            onLost(c);
            return;
        }
    }
    pump();
}

void BookingDriver::onLost(Connection &c)
{
    // The benchmark does not reconnect: a lost connection is a finding, and
    // the run goes on with the others.
    if (c.socket.state() != QAbstractSocket::UnconnectedState || c.busy)
        ++m_transportErrors;
    c.busy = false;
    c.socket.disconnect(this);
    c.socket.abort();
    if (!m_scheduling && m_startMicros == 0)
        onConnected(); // one that never connected must not hold up the start
    finishIfDone();
}

void BookingDriver::finishIfDone()
{
    if (m_done || m_scheduling || m_startMicros == 0)
        return;
    const bool anyBusy = std::any_of(m_connections.begin(), m_connections.end(),
                                     [](const auto &c) { return c->busy; });
    const bool anyOpen = std::any_of(m_connections.begin(), m_connections.end(), [](const auto &c) {
        return c->socket.state() == QAbstractSocket::ConnectedState;
    });
    if (anyBusy || (!m_backlog.empty() && anyOpen))
        return;
    m_done = true;
    m_late += qint64(m_backlog.size()); // due, never sent
    m_endMicros = monotonicMicros();
    m_tick.stop();
    m_drainDeadline.stop();
    emit finished();
}
