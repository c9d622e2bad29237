#include "pushfeed.h"

#include "apiclient.h"
#include "clientlogging.h"
#include "tlstrust.h"

#include <QNetworkRequest>
#include <QWebSocket>

#include <algorithm>

namespace {
// The server pings every 15 s; a connection that has said nothing (not even a
// pong to our own pings) for this long is dead without knowing it.
constexpr int kHeartbeatMs = 15000;
constexpr int kSilenceLimitMs = 40000;
// Watched bookings change with every hold; one subscribe per pause in the changes.
constexpr int kSubscribeDelayMs = 200;

QUrl webSocketUrl(const QUrl &base)
{
    QUrl url = base;
    url.setScheme(base.scheme() == QLatin1String("https") ? QStringLiteral("wss")
                                                          : QStringLiteral("ws"));
    // Behind a reverse proxy the API may live under a path; /ws is beside the others.
    QString path = base.path();
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    url.setPath(path + QStringLiteral("/ws"));
    url.setQuery(QString());
    url.setFragment(QString());
    return url;
}
} // namespace

PushFeed::PushFeed(ApiClient *api, QObject *parent) : QObject(parent), m_api(api)
{
    m_reconnect.setSingleShot(true);
    connect(&m_reconnect, &QTimer::timeout, this, &PushFeed::connectNow);
    m_subscribeDelay.setSingleShot(true);
    connect(&m_subscribeDelay, &QTimer::timeout, this, &PushFeed::sendSubscribe);
    m_heartbeat.setInterval(kHeartbeatMs);
    connect(&m_heartbeat, &QTimer::timeout, this, &PushFeed::checkSilence);
    // Token and pin often change one after the other (a login): look once both are set.
    connect(m_api, &ApiClient::connectionChanged, this, [this] {
        if (m_running)
            QTimer::singleShot(0, this, [this] {
                const Target target = currentTarget();
                if (!m_running || target == m_target)
                    return;
                // Another server's feed numbers mean nothing to this one.
                if (target.url != m_target.url)
                    m_lastSeq = 0;
                m_backoffMs = m_firstBackoffMs;
                connectNow();
            });
    });
}

PushFeed::~PushFeed()
{
    m_running = false;
    dropSocket();
}

void PushFeed::setBackoff(int firstMs, int maxMs)
{
    m_firstBackoffMs = firstMs;
    m_maxBackoffMs = maxMs;
    m_backoffMs = firstMs;
}

PushFeed::Target PushFeed::currentTarget() const
{
    return {webSocketUrl(m_api->baseUrl()), m_api->token(), m_api->pinnedCertificate()};
}

void PushFeed::start()
{
    if (m_running)
        return;
    m_running = true;
    m_backoffMs = m_firstBackoffMs;
    connectNow();
}

void PushFeed::stop()
{
    m_running = false;
    m_reconnect.stop();
    dropSocket();
    setLive(false);
}

void PushFeed::setWatchedBookings(const QList<qint64> &ids)
{
    if (ids == m_watched)
        return;
    m_watched = ids;
    // Before the hello the first subscribe will carry them anyway.
    if (m_socket && m_socket->state() == QAbstractSocket::ConnectedState &&
        !m_subscribeDelay.isActive())
        m_subscribeDelay.start(kSubscribeDelayMs);
}

void PushFeed::dropSocket()
{
    m_heartbeat.stop();
    m_subscribeDelay.stop();
    m_subscribePending = false;
    if (!m_socket)
        return;
    QWebSocket *socket = m_socket;
    m_socket = nullptr;
    disconnect(socket, nullptr, this, nullptr);
    socket->abort();
    socket->deleteLater();
}

void PushFeed::connectNow()
{
    dropSocket();
    setLive(false);
    if (!m_running)
        return;
    m_target = currentTarget();
    m_confirmedWatch.clear();

    auto *socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
    m_socket = socket;
    if (m_target.url.scheme() == QLatin1String("wss"))
        m_api->tlsTrust()->watch(socket);
    QNetworkRequest request(m_target.url);
    // The same credential as every REST call: it decides which bookings we may hear of.
    if (!m_target.token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + m_target.token);

    connect(socket, &QWebSocket::connected, this, &PushFeed::onConnected);
    connect(socket, &QWebSocket::textMessageReceived, this, &PushFeed::onText);
    connect(socket, &QWebSocket::pong, this, [this] { m_sinceHeard.restart(); });
    // A refused connection never was connected, so it sends no disconnected():
    // the state going back to Unconnected covers both.
    connect(socket, &QWebSocket::stateChanged, this, [this](QAbstractSocket::SocketState state) {
        if (state == QAbstractSocket::UnconnectedState)
            onDisconnected();
    });
    qCDebug(lcConnection) << "live push: connecting to" << m_target.url.toString();
    socket->open(request);
}

void PushFeed::onConnected()
{
    m_sinceHeard.restart();
    m_heartbeat.start();
    // Live only once the hello has come and our subscribe is answered.
}

void PushFeed::onDisconnected()
{
    if (!m_socket)
        return;
    QString problem = m_socket->errorString();
    const QString refused = TlsTrust::refusedFingerprint(m_socket);
    if (!refused.isEmpty())
        problem = tr("certificate %1 is not trusted").arg(refused);
    else if (m_socket->closeCode() == QWebSocketProtocol::CloseCodeGoingAway)
        problem = tr("the server went away");
    if (problem.isEmpty())
        problem = tr("connection closed");
    qCInfo(lcConnection) << "live push: connection to" << m_target.url.toString()
                         << "ended:" << problem;
    scheduleReconnect(problem);
}

void PushFeed::scheduleReconnect(const QString &problem)
{
    dropSocket();
    m_problem = problem;
    setLive(false);
    if (!m_running)
        return;
    m_reconnect.start(m_backoffMs);
    m_backoffMs = std::min(m_backoffMs * 2, m_maxBackoffMs);
}

void PushFeed::checkSilence()
{
    if (!m_socket)
        return;
    if (m_sinceHeard.elapsed() > kSilenceLimitMs) {
        scheduleReconnect(tr("the server stopped answering"));
        return;
    }
    m_socket->ping();
}

void PushFeed::onText(const QString &text)
{
    m_sinceHeard.restart();
    const Result<PushProtocol::Message> message = PushProtocol::decode(text.toUtf8());
    if (!message) {
        qCWarning(lcConnection) << message.error().message << text.left(200);
        return;
    }
    handle(*message);
}

void PushFeed::handle(const PushProtocol::Message &message)
{
    using Type = PushProtocol::Message::Type;
    if (message.isEvent())
        m_lastSeq = message.seq; // where a resume starts: the feed's order, as received
    switch (message.type) {
    case Type::Hello:
        // Nothing received yet: what this instance has heard is where we start.
        if (m_lastSeq == 0)
            m_lastSeq = message.seq;
        sendSubscribe();
        return;
    case Type::Subscribed: {
        m_subscribePending = false;
        const QList<qint64> covered = message.subscribedBookings.value_or(m_sentWatch);
        QList<qint64> added;
        for (qint64 id : covered) {
            if (!m_confirmedWatch.contains(id))
                added.append(id);
        }
        m_confirmedWatch = QSet<qint64>(covered.begin(), covered.end());
        m_problem.clear();
        m_backoffMs = m_firstBackoffMs;
        setLive(true);
        if (!added.isEmpty())
            emit bookingsWatchStarted(added);
        if (m_watched != m_sentWatch && !m_subscribeDelay.isActive())
            m_subscribeDelay.start(kSubscribeDelayMs);
        return;
    }
    case Type::Show:
        emit showChanged(message.show);
        return;
    case Type::Bookings:
        emit bookingsChanged(message.bookings);
        return;
    case Type::Seats:
        emit seatsChanged(message.seatsShowId, message.seats);
        return;
    case Type::Flag:
        emit flagChanged(message.flagKey);
        return;
    case Type::Resync:
        qCInfo(lcConnection) << "live push: resync," << message.reason;
        emit resyncRequested();
        return;
    case Type::Error:
        // Our subscribe was refused: stay connected but not live, so polling goes on.
        qCWarning(lcConnection) << "live push: server refused a message:" << message.errorCode
                                << message.errorText;
        m_subscribePending = false;
        m_problem = message.errorText;
        setLive(false);
        return;
    }
}

void PushFeed::sendSubscribe()
{
    if (!m_socket || m_socket->state() != QAbstractSocket::ConnectedState)
        return;
    if (m_subscribePending)
        return; // its answer sends the newer list
    // The first subscribe of a connection resumes; later ones only change the bookings.
    const qint64 since = m_confirmedWatch.isEmpty() && !m_live ? m_lastSeq : 0;
    m_sentWatch = m_watched;
    m_subscribePending = true;
    m_socket->sendTextMessage(QString::fromUtf8(PushProtocol::subscribe(m_sentWatch, since)));
}

void PushFeed::setLive(bool live)
{
    if (live == m_live)
        return;
    m_live = live;
    qCInfo(lcConnection) << "live push:" << (live ? "live" : "not live");
    emit liveChanged(live);
}
