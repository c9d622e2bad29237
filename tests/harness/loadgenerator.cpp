#include "loadgenerator.h"

#include <QEventLoop>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>

#include <memory>
#include <vector>

namespace LoadGenerator {

int Outcome::answered() const
{
    int sum = 0;
    for (int count : statusCounts)
        sum += count;
    return sum;
}

QByteArray rawRequest(const QByteArray &method, const QString &path, const QByteArray &body,
                      const QList<QPair<QByteArray, QByteArray>> &headers)
{
    QByteArray out = method + ' ' + path.toUtf8() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    for (const auto &[name, value] : headers)
        out += name + ": " + value + "\r\n";
    if (!body.isEmpty())
        out += "Content-Type: application/json\r\n";
    out += "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
    return out;
}

namespace {
// Parses complete responses off the front of a buffer; returns false while incomplete.
bool takeResponse(QByteArray &buffer, int *status, QByteArray *body)
{
    const qsizetype headerEnd = buffer.indexOf("\r\n\r\n");
    if (headerEnd < 0)
        return false;
    const QByteArray head = buffer.left(headerEnd);
    qsizetype length = 0;
    for (const QByteArray &line : head.split('\n')) {
        if (line.toLower().startsWith("content-length:"))
            length = line.mid(15).trimmed().toLongLong();
    }
    if (buffer.size() < headerEnd + 4 + length)
        return false;
    *status = head.mid(9, 3).toInt();
    *body = buffer.mid(headerEnd + 4, length);
    buffer.remove(0, headerEnd + 4 + length);
    return true;
}

class Connection;

// What the loads of one run share: the event loop, and the start line that
// holds every connection's first request until all have connected.
struct Group
{
    QEventLoop *loop = nullptr;
    int running = 0; // loads not yet settled
    bool barrier = false;
    int expected = 0; // connections still to connect before the start
    std::vector<Connection *> ready;

    void connectionReady(Connection *connection);
    void connectionGone();
    void release();
};

struct Shared
{
    const std::function<QByteArray(int)> *makeRequest = nullptr;
    int total = 0;
    int issued = 0;
    int finished = 0; // answered or lost
    int connectionsAlive = 0;
    bool settled = false;
    Outcome outcome;
    Group *group = nullptr;

    void settle()
    {
        // A killed server leaves nobody to answer the rest.
        if (!settled && (finished >= total || connectionsAlive == 0)) {
            settled = true;
            if (--group->running == 0)
                group->loop->quit();
        }
    }
};

class Connection
{
public:
    Connection(Shared &shared, const QUrl &server) : m_shared(shared)
    {
        QObject::connect(&m_socket, &QTcpSocket::connected, [this] {
            m_connected = true;
            if (m_shared.group->barrier)
                m_shared.group->connectionReady(this);
            else
                sendNext();
        });
        QObject::connect(&m_socket, &QTcpSocket::readyRead, [this] { onReadyRead(); });
        QObject::connect(&m_socket, &QTcpSocket::errorOccurred, [this] { onLost(); });
        ++m_shared.connectionsAlive;
        m_socket.connectToHost(server.host(), quint16(server.port()));
    }

    void sendNext()
    {
        if (m_shared.issued >= m_shared.total) {
            m_socket.disconnectFromHost();
            return;
        }
        const int index = m_shared.issued++;
        m_inFlight = true;
        m_socket.write((*m_shared.makeRequest)(index));
    }

private:
    void onReadyRead()
    {
        m_buffer += m_socket.readAll();
        int status = 0;
        QByteArray body;
        while (takeResponse(m_buffer, &status, &body)) {
            m_inFlight = false;
            m_shared.outcome.statusCounts[status] += 1;
            m_shared.outcome.bodies.append(body);
            ++m_shared.finished;
            m_shared.settle();
            sendNext();
        }
    }

    void onLost()
    {
        if (m_inFlight) {
            m_inFlight = false;
            ++m_shared.outcome.transportErrors;
            ++m_shared.finished;
        }
        if (!m_lost) {
            m_lost = true;
            --m_shared.connectionsAlive;
            if (!m_connected && m_shared.group->barrier)
                m_shared.group->connectionGone();
        }
        m_shared.settle();
    }

    Shared &m_shared;
    QTcpSocket m_socket;
    QByteArray m_buffer;
    bool m_inFlight = false;
    bool m_lost = false;
    bool m_connected = false;
};

void Group::connectionReady(Connection *connection)
{
    ready.push_back(connection);
    --expected;
    release();
}

void Group::connectionGone()
{
    --expected;
    release();
}

void Group::release()
{
    if (expected > 0 || !barrier)
        return;
    barrier = false;
    for (Connection *connection : ready)
        connection->sendNext();
    ready.clear();
}
} // namespace

Outcome run(const QUrl &server, int connections, int total,
            const std::function<QByteArray(int index)> &makeRequest, int timeoutMs)
{
    QEventLoop loop;
    Group group;
    group.loop = &loop;
    group.running = 1;
    Shared shared;
    shared.makeRequest = &makeRequest;
    shared.total = total;
    shared.group = &group;
    std::vector<std::unique_ptr<Connection>> pool;
    for (int i = 0; i < connections; ++i)
        pool.push_back(std::make_unique<Connection>(shared, server));
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    if (shared.finished < total)
        loop.exec();
    return shared.outcome;
}

QList<Outcome> runTogether(const QList<Load> &loads, int timeoutMs)
{
    QEventLoop loop;
    Group group;
    group.loop = &loop;
    group.barrier = true;
    // On the heap, so the references the connections keep stay valid.
    std::vector<std::unique_ptr<Shared>> shared;
    std::vector<std::unique_ptr<Connection>> pool;
    for (const Load &load : loads) {
        auto state = std::make_unique<Shared>();
        state->makeRequest = &load.makeRequest;
        state->total = load.total;
        state->group = &group;
        if (load.total > 0) {
            ++group.running;
            group.expected += load.connections;
        }
        shared.push_back(std::move(state));
    }
    for (std::size_t i = 0; i < shared.size(); ++i) {
        if (shared[i]->total == 0)
            continue;
        for (int c = 0; c < loads.at(qsizetype(i)).connections; ++c)
            pool.push_back(std::make_unique<Connection>(*shared[i], loads.at(qsizetype(i)).server));
    }
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    if (group.running > 0)
        loop.exec();
    QList<Outcome> outcomes;
    for (const auto &state : shared)
        outcomes.append(state->outcome);
    return outcomes;
}

void hangUp(const QUrl &server, int clients, const QByteArray &request, int timeoutMs)
{
    QEventLoop loop;
    int done = 0;
    std::vector<std::unique_ptr<QTcpSocket>> sockets;
    for (int i = 0; i < clients; ++i) {
        auto socket = std::make_unique<QTcpSocket>();
        QTcpSocket *raw = socket.get();
        const auto finish = [&done, &loop, clients] {
            if (++done == clients)
                loop.quit();
        };
        QObject::connect(raw, &QTcpSocket::connected, raw, [raw, request, finish] {
            raw->write(request);
            raw->flush(); // hand the request to the kernel, then leave without reading
            raw->abort();
            finish();
        });
        QObject::connect(raw, &QTcpSocket::errorOccurred, raw,
                         [raw, finish](QAbstractSocket::SocketError) {
                             if (raw->state() == QAbstractSocket::UnconnectedState)
                                 finish();
                         });
        raw->connectToHost(server.host(), quint16(server.port()));
        sockets.push_back(std::move(socket));
    }
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    loop.exec();
}

} // namespace LoadGenerator
