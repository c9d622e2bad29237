#include "httpengine.h"

#include "monotonicclock.h"

#include <algorithm>
#include <cerrno>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <unistd.h>

namespace {
constexpr qint64 kReconnectDelayMicros = 100000; // after a failure, not to spin on a dead port
constexpr qint64 kDrainMicros = 10000000;        // waiting for in-flight answers at the end
constexpr qint64 kLateMicros = 1000;
} // namespace

bool EngineShared::claim()
{
    return requestLimit == 0 || claimed.fetch_add(1) < requestLimit;
}

HttpEngine::HttpEngine(EngineShared &shared, ScenarioWorker &worker, int connections,
                       double ratePerSecond, double rampSeconds)
    : m_shared(shared), m_worker(worker), m_connections(size_t(connections))
{
    for (int i = 0; i < connections; ++i)
        m_connections[size_t(i)].openAtMicros =
            shared.startMicros + qint64(rampSeconds * 1e6 * i / connections);
    m_closedCount = connections;
    if (ratePerSecond > 0) {
        m_intervalMicros = 1e6 / ratePerSecond;
        m_nextDue = double(shared.startMicros);
    }
    m_epoll = epoll_create1(EPOLL_CLOEXEC);
}

HttpEngine::~HttpEngine()
{
    for (Connection &c : m_connections)
        if (c.fd >= 0)
            ::close(c.fd);
    if (m_epoll >= 0)
        ::close(m_epoll);
}

void HttpEngine::watch(Connection &c, bool writable)
{
    if (c.watchingWrite == writable)
        return;
    c.watchingWrite = writable;
    epoll_event event{};
    event.events = EPOLLIN | (writable ? EPOLLOUT : 0);
    event.data.u64 = quint64(&c - m_connections.data()) | (quint64(c.fd) << 32);
    epoll_ctl(m_epoll, EPOLL_CTL_MOD, c.fd, &event);
}

void HttpEngine::open(Connection &c, qint64 now)
{
    --m_closedCount;
    c.fd = ::socket(m_shared.address.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (c.fd < 0) {
        ++m_closedCount;
        c.openAtMicros = now + kReconnectDelayMicros;
        ++m_stats.transportErrors;
        return;
    }
    const int one = 1;
    setsockopt(c.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    const int result = ::connect(c.fd, reinterpret_cast<const sockaddr *>(&m_shared.address),
                                 m_shared.addressLength);
    c.connecting = result != 0;
    c.watchingWrite = c.connecting;
    epoll_event event{};
    event.events = EPOLLIN | (c.connecting ? EPOLLOUT : 0);
    event.data.u64 = quint64(&c - m_connections.data()) | (quint64(c.fd) << 32);
    epoll_ctl(m_epoll, EPOLL_CTL_ADD, c.fd, &event);
    if (result != 0 && errno != EINPROGRESS)
        fail(c, now);
    else if (result == 0)
        onIdle(c, now);
}

void HttpEngine::close(Connection &c, qint64 reopenAt)
{
    if (c.fd < 0)
        return;
    epoll_ctl(m_epoll, EPOLL_CTL_DEL, c.fd, nullptr);
    ::close(c.fd);
    c.fd = -1;
    c.busy = c.connecting = c.watchingWrite = false;
    c.parser.reset();
    c.openAtMicros = reopenAt;
    ++m_closedCount;
    const int index = int(&c - m_connections.data());
    m_idle.erase(std::remove(m_idle.begin(), m_idle.end(), index), m_idle.end());
}

void HttpEngine::fail(Connection &c, qint64 now)
{
    // A failed connect or a request that lost its connection: a transport error either
    // way; only a measured request also counts as a request.
    if (!c.busy || c.measured) {
        ++m_stats.transportErrors;
        ++m_stats.unexpected;
        ++m_shared.failed;
    }
    if (c.busy && c.measured)
        ++m_stats.requests;
    close(c, now + kReconnectDelayMicros);
}

void HttpEngine::send(Connection &c, qint64 startMicros, bool measured)
{
    c.request = m_worker.next();
    c.busy = true;
    c.measured = measured;
    c.startMicros = startMicros;
    c.written = 0;
    flush(c, monotonicMicros());
}

void HttpEngine::flush(Connection &c, qint64 now)
{
    const QByteArray &out = c.request.bytes;
    while (c.written < out.size()) {
        const ssize_t n = ::send(c.fd, out.constData() + c.written, size_t(out.size() - c.written),
                                 MSG_NOSIGNAL);
        if (n > 0) {
            c.written += n;
        } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            watch(c, true);
            return;
        } else {
            fail(c, now);
            return;
        }
    }
    watch(c, false);
}

void HttpEngine::onIdle(Connection &c, qint64 now)
{
    if (m_stopping)
        return;
    if (m_intervalMicros > 0) {
        if (m_backlogHead < m_backlog.size()) {
            const qint64 due = m_backlog[m_backlogHead++];
            if (due >= m_shared.measureFromMicros && now - due > kLateMicros)
                ++m_stats.late;
            send(c, due, due >= m_shared.measureFromMicros);
        } else {
            m_idle.push_back(int(&c - m_connections.data()));
        }
        return;
    }
    const bool measured = now >= m_shared.measureFromMicros;
    if (measured && !m_shared.claim()) {
        m_budgetGone = true;
        return;
    }
    send(c, now, measured);
}

void HttpEngine::onReadable(Connection &c, qint64 now)
{
    char buffer[65536];
    bool peerClosed = false;
    for (;;) {
        const ssize_t n = ::read(c.fd, buffer, sizeof buffer);
        if (n > 0) {
            c.parser.append(buffer, n);
            if (n < ssize_t(sizeof buffer))
                break;
        } else if (n == 0) {
            peerClosed = true;
            break;
        } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
            break;
        } else {
            fail(c, now);
            return;
        }
    }
    ResponseParser::Response response;
    for (;;) {
        const ResponseParser::State state = c.parser.next(response);
        if (state == ResponseParser::State::NeedMore)
            break;
        if (state == ResponseParser::State::Error || !c.busy) {
            fail(c, now);
            return;
        }
        c.busy = false;
        if (c.measured) {
            m_stats.latency.record(now - c.startMicros);
            ++m_shared.answered;
        }
        const qint64 unexpectedBefore = m_stats.unexpected;
        m_worker.onAnswer(c.request, response.status, response.body, m_stats, c.measured);
        m_shared.failed += m_stats.unexpected - unexpectedBefore;
        if (!response.keepAlive) {
            close(c, now);
            return;
        }
        onIdle(c, now);
    }
    if (peerClosed) {
        if (c.busy)
            fail(c, now);
        else
            close(c, now);
    }
}

void HttpEngine::run()
{
    std::vector<epoll_event> events(512);
    qint64 drainUntil = 0;
    for (;;) {
        qint64 now = monotonicMicros();
        const bool backlogEmpty = m_backlogHead >= m_backlog.size();
        if (!m_stopping
            && (m_shared.stop || (m_shared.endMicros > 0 && now >= m_shared.endMicros)
                || (m_budgetGone && backlogEmpty))) {
            m_stopping = true;
            drainUntil = now + kDrainMicros;
            // Scheduled but never sent: the server was too slow to take them in time.
            for (size_t i = m_backlogHead; i < m_backlog.size(); ++i)
                if (m_backlog[i] >= m_shared.measureFromMicros)
                    ++m_stats.late;
        }
        if (m_stopping) {
            const bool anyBusy = std::any_of(m_connections.begin(), m_connections.end(),
                                             [](const Connection &c) { return c.busy; });
            if (!anyBusy || now >= drainUntil)
                break;
        }
        qint64 wake = now + 100000;
        if (!m_stopping && m_closedCount > 0) {
            for (Connection &c : m_connections) {
                if (c.fd >= 0)
                    continue;
                if (c.openAtMicros <= now)
                    open(c, now);
                else
                    wake = std::min(wake, c.openAtMicros);
            }
        }
        if (!m_stopping && m_intervalMicros > 0) {
            while (!m_budgetGone && m_nextDue <= double(now)) {
                const qint64 due = qint64(m_nextDue);
                if (due >= m_shared.measureFromMicros && !m_shared.claim()) {
                    m_budgetGone = true;
                    break;
                }
                m_backlog.push_back(due);
                m_nextDue += m_intervalMicros;
            }
            while (m_backlogHead < m_backlog.size() && !m_idle.empty()) {
                const int index = m_idle.back();
                m_idle.pop_back();
                onIdle(m_connections[size_t(index)], now);
            }
            if (m_backlogHead > 4096) {
                m_backlog.erase(m_backlog.begin(), m_backlog.begin() + qsizetype(m_backlogHead));
                m_backlogHead = 0;
            }
            if (!m_budgetGone)
                wake = std::min(wake, qint64(m_nextDue));
        }
        const int timeoutMs = int(std::max<qint64>(0, (wake - now + 999) / 1000));
        const int n = epoll_wait(m_epoll, events.data(), int(events.size()), timeoutMs);
        now = monotonicMicros();
        for (int k = 0; k < n; ++k) {
            Connection &c = m_connections[size_t(events[k].data.u64 & 0xffffffffu)];
            if (c.fd < 0 || quint64(c.fd) != events[k].data.u64 >> 32)
                continue; // closed (and maybe reopened) by an earlier event of this batch
            const quint32 what = events[k].events;
            if (c.connecting) {
                int error = 0;
                socklen_t length = sizeof error;
                getsockopt(c.fd, SOL_SOCKET, SO_ERROR, &error, &length);
                if (error != 0 || (what & (EPOLLERR | EPOLLHUP))) {
                    fail(c, now);
                    continue;
                }
                c.connecting = false;
                watch(c, false);
                onIdle(c, now);
                continue;
            }
            if ((what & EPOLLOUT) && c.busy && c.written < c.request.bytes.size())
                flush(c, now);
            if (c.fd >= 0 && (what & (EPOLLIN | EPOLLHUP | EPOLLERR)))
                onReadable(c, now);
        }
    }
    // Answers that never came within the drain time.
    for (Connection &c : m_connections)
        if (c.busy)
            fail(c, monotonicMicros());
}
