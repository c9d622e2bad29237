#include "bookingdriver.h"

#include "rawhttpresponse.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTcpSocket>
#include <QTimer>

#include <functional>
#include <utility>
#include <vector>

// One client: one booking flow at a time (book, then maybe confirm or cancel),
// one request at a time on its connection, a new connection after one broke.
class BookingDriver::Client
{
public:
    Client(BookingDriver &driver, int id, const QElapsedTimer &clock, std::function<void()> done)
        : m_driver(driver), m_settings(driver.m_settings), m_id(id), m_clock(clock),
          m_done(std::move(done)), m_random(driver.m_settings.seed + quint32(id))
    {
        m_answerTimer.setSingleShot(true);
        QObject::connect(&m_answerTimer, &QTimer::timeout, &m_context, [this] { noAnswer(); });
        m_retryTimer.setSingleShot(true);
        QObject::connect(&m_retryTimer, &QTimer::timeout, &m_context, [this] { send(); });
    }

    ~Client() { dropConnection(); }

    void begin() { nextFlow(); }

private:
    void nextFlow()
    {
        if (m_finished)
            return;
        if (m_clock.elapsed() >= m_settings.durationMs) {
            m_finished = true;
            m_done();
            return;
        }
        ++m_flow;
        m_action = Action::Book;
        m_key = m_settings.tag + "-c" + QByteArray::number(m_id) + '-' + QByteArray::number(m_flow);
        m_showId = m_settings.showIds.at(int(m_random.bounded(quint32(m_settings.showIds.size()))));
        m_seats = 1 + int(m_random.bounded(2u));
        m_bookingId = 0;
        m_attempt = 1;
        send();
    }

    QByteArray request(const QByteArray &requestId) const
    {
        QByteArray path;
        QByteArray body;
        QByteArray extra;
        if (m_action == Action::Book) {
            path = "/shows/" + QByteArray::number(m_showId) + "/book";
            body =
                QJsonDocument(QJsonObject{{QStringLiteral("user_name"), QString::fromLatin1(m_key)},
                                          {QStringLiteral("seats"), m_seats}})
                    .toJson(QJsonDocument::Compact);
            extra = "Content-Type: application/json\r\nIdempotency-Key: " + m_key + "\r\n";
        } else {
            path = "/bookings/" + QByteArray::number(m_bookingId) +
                   (m_action == Action::Confirm ? "/confirm" : "/cancel");
        }
        if (!m_settings.forwardedFor.isEmpty())
            extra += "X-Forwarded-For: " + m_settings.forwardedFor + "\r\n";
        return "POST " + path + " HTTP/1.1\r\nHost: " + m_settings.host +
               "\r\nX-Request-Id: " + requestId + "\r\n" + extra +
               "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
    }

    void send()
    {
        static const char *const names[] = {"book", "confirm", "cancel"};
        Exchange exchange;
        exchange.action = m_action;
        exchange.client = m_id;
        exchange.key = m_key;
        exchange.bookingId = m_bookingId;
        exchange.attempt = m_attempt;
        exchange.phase = m_driver.m_phase;
        exchange.requestId =
            m_key + '-' + names[int(m_action)] + '-' + QByteArray::number(m_attempt);
        exchange.sentMs = m_clock.elapsed();
        m_driver.m_exchanges.append(exchange);
        m_inFlight = m_driver.m_exchanges.size() - 1;
        m_pending = request(exchange.requestId);
        m_answerTimer.start(m_settings.requestTimeoutMs);

        if (m_socket && m_socket->state() == QAbstractSocket::ConnectedState) {
            m_socket->write(std::exchange(m_pending, {}));
            return;
        }
        dropConnection();
        m_socket = new QTcpSocket;
        QObject::connect(m_socket, &QTcpSocket::connected, &m_context, [this] {
            if (!m_pending.isEmpty())
                m_socket->write(std::exchange(m_pending, {}));
        });
        QObject::connect(m_socket, &QTcpSocket::readyRead, &m_context, [this] { onReadyRead(); });
        QObject::connect(m_socket, &QTcpSocket::disconnected, &m_context, [this] { broken(); });
        QObject::connect(m_socket, &QTcpSocket::errorOccurred, &m_context, [this] { broken(); });
        if (m_settings.sourceAddress != QHostAddress::LocalHost)
            m_socket->bind(m_settings.sourceAddress);
        m_socket->connectToHost(m_settings.target.host(), quint16(m_settings.target.port()));
    }

    void onReadyRead()
    {
        m_buffer += m_socket->readAll();
        const QList<RawHttpResponse> responses = RawHttpResponse::takeAll(&m_buffer);
        bool closing = false;
        for (const RawHttpResponse &response : responses) {
            closing = closing || response.header("Connection").toLower() == "close";
            if (m_inFlight < 0) {
                ++m_driver.m_unexpectedAnswers;
                continue;
            }
            Exchange &exchange = m_driver.m_exchanges[std::exchange(m_inFlight, -1)];
            exchange.answered = true;
            exchange.finishedMs = m_clock.elapsed();
            exchange.status = response.status;
            exchange.body = response.body;
            exchange.answeredRequestId = response.header("X-Request-Id");
            exchange.replayed = response.header("Idempotent-Replayed") == "true";
            if (exchange.action == Action::Book && exchange.status == 201)
                exchange.bookingId = response.object().value(QStringLiteral("id")).toInteger();
            m_answerTimer.stop();
            m_answered = exchange;
        }
        if (closing)
            dropConnection();
        if (m_inFlight < 0 && m_answered.answered)
            settle(std::exchange(m_answered, Exchange{}));
    }

    void broken()
    {
        if (m_inFlight >= 0)
            noAnswer();
        else
            dropConnection();
    }

    // The connection broke or stayed silent with a request on it.
    void noAnswer()
    {
        if (m_inFlight < 0)
            return;
        m_driver.m_exchanges[std::exchange(m_inFlight, -1)].finishedMs = m_clock.elapsed();
        m_answerTimer.stop();
        dropConnection();
        retryOrGiveUp();
    }

    void settle(const Exchange &answer)
    {
        // No server answered (502/504 come from the proxy; the request may or
        // may not have run), or one refused before any SQL (503 server_busy,
        // not_ready): a careful client tries again.
        if (answer.status == 502 || answer.status == 503 || answer.status == 504) {
            retryOrGiveUp();
            return;
        }
        if (answer.action == Action::Book && answer.status == 201) {
            const quint32 fate = m_random.bounded(100u);
            if (fate < 65) {
                m_action = fate < 50 ? Action::Confirm : Action::Cancel;
                m_bookingId = answer.bookingId;
                m_attempt = 1;
                send();
                return;
            }
            // The rest is left to expire.
        }
        nextFlow();
    }

    void retryOrGiveUp()
    {
        if (m_attempt >= m_settings.maxAttempts) {
            nextFlow();
            return;
        }
        // Back off a little: right after a kill every instance may be marked
        // down in the proxy for a moment.
        m_retryTimer.start(200 * m_attempt);
        ++m_attempt;
    }

    void dropConnection()
    {
        if (!m_socket)
            return;
        QObject::disconnect(m_socket, nullptr, &m_context, nullptr);
        m_socket->abort();
        m_socket->deleteLater();
        m_socket = nullptr;
        m_buffer.clear();
    }

    BookingDriver &m_driver;
    const Settings &m_settings;
    const int m_id;
    const QElapsedTimer &m_clock;
    std::function<void()> m_done;
    QRandomGenerator m_random;
    QObject m_context; // disconnects every lambda when the client goes
    QTimer m_answerTimer;
    QTimer m_retryTimer;
    QTcpSocket *m_socket = nullptr;
    QByteArray m_buffer;
    QByteArray m_pending;      // written once the connection is up
    qsizetype m_inFlight = -1; // index of the waiting exchange
    Exchange m_answered;
    bool m_finished = false;

    // The flow under way.
    int m_flow = 0;
    Action m_action = Action::Book;
    QByteArray m_key;
    qint64 m_showId = 0;
    int m_seats = 1;
    qint64 m_bookingId = 0;
    int m_attempt = 1;
};

BookingDriver::BookingDriver(Settings settings) : m_settings(std::move(settings)) {}

BookingDriver::~BookingDriver() = default;

void BookingDriver::run()
{
    QEventLoop loop;
    QElapsedTimer clock;
    clock.start();
    int running = m_settings.clients;
    const auto clientDone = [&running, &loop] {
        if (--running == 0)
            loop.quit();
    };
    std::vector<std::unique_ptr<Client>> clients;
    for (int i = 0; i < m_settings.clients; ++i)
        clients.push_back(std::make_unique<Client>(*this, i, clock, clientDone));
    for (const auto &client : clients)
        client->begin();
    // A bound even if something hangs: every attempt of the last requests timed out.
    QTimer bound;
    bound.setSingleShot(true);
    QObject::connect(&bound, &QTimer::timeout, &loop, &QEventLoop::quit);
    bound.start(m_settings.durationMs +
                m_settings.maxAttempts * (m_settings.requestTimeoutMs + 1000));
    if (running > 0)
        loop.exec();
}

BookingDriver::Tally BookingDriver::tally() const
{
    Tally tally;
    tally.createdPerPhase = QList<int>(m_phase + 1, 0);
    for (const Exchange &e : m_exchanges) {
        if (e.answered)
            ++tally.statuses[e.status];
        else
            ++tally.unanswered;
        tally.replayed += e.replayed ? 1 : 0;
        tally.confirmed += e.action == Action::Confirm && e.status == 200 ? 1 : 0;
        tally.cancelled += e.action == Action::Cancel && e.status == 200 ? 1 : 0;
        if (e.action == Action::Book && e.status == 201)
            ++tally.createdPerPhase[e.phase];
    }
    return tally;
}
