// The API client survives a server that answers badly — silence, HTML error
// pages, malformed or wrongly shaped JSON, cut-off answers, refused
// connections — and reports each as a typed error instead of crashing.
// The peer is a real local QTcpServer speaking (bad) HTTP.
#include "apiclient.h"
#include "apierror.h"
#include "connectionmonitor.h"
#include "serverclock.h"
#include "serverconfigloader.h"
#include "timestamps.h"
#include "usermessage.h"

#include <QPointer>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QtTest>

#include <optional>

namespace {

// A tiny HTTP peer: reads one request head, then does whatever `respond` says.
class BadPeer : public QTcpServer
{
public:
    // Returns the raw bytes to send; an empty result means "say nothing".
    std::function<QByteArray(const QByteArray &requestHead)> respond;
    bool closeAfterResponse = true;
    int requests = 0;

    explicit BadPeer(quint16 port = 0)
    {
        listen(QHostAddress::LocalHost, port);
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = nextPendingConnection()) {
                socket->setParent(this);
                connect(socket, &QTcpSocket::readyRead, socket, [this, socket] { onRead(socket); });
            }
        });
    }

    QUrl url() const { return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(serverPort())); }

private:
    void onRead(QTcpSocket *socket)
    {
        QByteArray &buffer = m_buffers[socket];
        buffer += socket->readAll();
        const qsizetype end = buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        const QByteArray head = buffer.left(end);
        // Bodies are small; skip them by Content-Length so keep-alive stays in step.
        buffer.clear();
        ++requests;
        const QByteArray answer = respond ? respond(head) : QByteArray();
        if (answer.isEmpty())
            return;
        socket->write(answer);
        if (closeAfterResponse)
            socket->disconnectFromHost();
    }

    QHash<QTcpSocket *, QByteArray> m_buffers;
};

QByteArray httpAnswer(int status, const QByteArray &reason, const QByteArray &contentType,
                      const QByteArray &body, const QByteArray &extraHeaders = {})
{
    return "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason + "\r\n" +
           "Content-Type: " + contentType + "\r\n" +
           "Content-Length: " + QByteArray::number(body.size()) + "\r\n" + "Connection: close\r\n" +
           extraHeaders + "\r\n" + body;
}

template <typename T> struct Outcome
{
    std::optional<Result<T>> result;
    auto callback()
    {
        return [this](const Result<T> &r) { result = r; };
    }
};

} // namespace

class TestApiClientBadAnswers : public QObject
{
    Q_OBJECT

private slots:
    void silentServerIsReportedAsTimeout()
    {
        BadPeer peer; // reads the request, never answers
        ApiClient api;
        api.setBaseUrl(peer.url());
        api.setTimeout(400);
        QSignalSpy unreachable(&api, &ApiClient::serverUnreachable);
        Outcome<QList<Show>> outcome;
        api.fetchShows(this, outcome.callback());
        QTRY_VERIFY_WITH_TIMEOUT(outcome.result.has_value(), 15000);
        QVERIFY(!outcome.result->ok());
        QCOMPARE(ApiError::kind(outcome.result->error()), ApiError::Kind::Timeout);
        QCOMPARE(unreachable.count(), 1);
        QCOMPARE(api.pendingRequests(), 0);
    }

    void htmlServerErrorIsABadResponseWithItsStatus()
    {
        BadPeer peer;
        peer.respond = [](const QByteArray &) {
            return httpAnswer(502, "Bad Gateway", "text/html", "<html><body>502</body></html>");
        };
        ApiClient api;
        api.setBaseUrl(peer.url());
        QSignalSpy answered(&api, &ApiClient::serverAnswered);
        Outcome<QList<Show>> outcome;
        api.fetchShows(this, outcome.callback());
        QTRY_VERIFY_WITH_TIMEOUT(outcome.result.has_value(), 15000);
        QVERIFY(!outcome.result->ok());
        QCOMPARE(ApiError::kind(outcome.result->error()), ApiError::Kind::BadResponse);
        QCOMPARE(ApiError::httpStatus(outcome.result->error()), 502);
        QCOMPARE(answered.count(), 1);
    }

    void badBodiesAreBadResponses_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("malformed JSON") << QByteArray(R"([{"id": 1, "name": )");
        QTest::newRow("object instead of array") << QByteArray(R"({"id": 1})");
        QTest::newRow("show without a name") << QByteArray(R"([{"id": 1, "status": "SCHEDULED"}])");
        QTest::newRow("not JSON at all") << QByteArray("OK");
        QTest::newRow("empty body") << QByteArray();
    }
    void badBodiesAreBadResponses()
    {
        QFETCH(QByteArray, body);
        BadPeer peer;
        peer.respond = [body](const QByteArray &) {
            return httpAnswer(200, "OK", "application/json", body);
        };
        ApiClient api;
        api.setBaseUrl(peer.url());
        Outcome<QList<Show>> outcome;
        api.fetchShows(this, outcome.callback());
        QTRY_VERIFY_WITH_TIMEOUT(outcome.result.has_value(), 15000);
        QVERIFY(!outcome.result->ok());
        QCOMPARE(ApiError::kind(outcome.result->error()), ApiError::Kind::BadResponse);
        QVERIFY(!ApiError::describe(outcome.result->error()).isEmpty());
    }

    void answerCutOffMidBodyIsATransportFailure()
    {
        BadPeer peer;
        peer.respond = [](const QByteArray &) {
            return QByteArray("HTTP/1.1 201 Created\r\nContent-Type: application/json\r\n"
                              "Content-Length: 400\r\n\r\n{\"id\": 12, \"refer");
        };
        ApiClient api;
        api.setBaseUrl(peer.url());
        Outcome<Booking> outcome;
        api.holdSeats(1, QStringLiteral("Ana"), 2, QStringLiteral("key-1"), this,
                      outcome.callback());
        QTRY_VERIFY_WITH_TIMEOUT(outcome.result.has_value(), 15000);
        QVERIFY(!outcome.result->ok());
        // Transport: the hold may have been made, so a retry must reuse the key.
        QVERIFY2(ApiError::isTransport(outcome.result->error()),
                 qPrintable(outcome.result->error().message));
    }

    void connectionClosedWithoutAnswerIsUnreachable()
    {
        BadPeer peer;
        peer.respond = [](const QByteArray &) {
            return QByteArray(" ");
        }; // one byte of garbage, then close
        ApiClient api;
        api.setBaseUrl(peer.url());
        Outcome<Show> outcome;
        api.fetchShow(5, this, outcome.callback());
        QTRY_VERIFY_WITH_TIMEOUT(outcome.result.has_value(), 15000);
        QVERIFY(!outcome.result->ok());
        QVERIFY(ApiError::kind(outcome.result->error()) != ApiError::Kind::Rejected);
    }

    void refusedConnectionIsUnreachable()
    {
        quint16 port = 0;
        {
            QTcpServer probe;
            QVERIFY(probe.listen(QHostAddress::LocalHost));
            port = probe.serverPort();
        }
        ApiClient api;
        api.setBaseUrl(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port)));
        Outcome<QList<Show>> outcome;
        api.fetchShows(this, outcome.callback());
        QTRY_VERIFY_WITH_TIMEOUT(outcome.result.has_value(), 15000);
        QVERIFY(!outcome.result->ok());
        QCOMPARE(ApiError::kind(outcome.result->error()), ApiError::Kind::Unreachable);
        QVERIFY(ApiError::describe(outcome.result->error())
                    .startsWith(QStringLiteral("Server unreachable")));
    }

    void errorBodyBecomesTheServersCodeWithItsNumbers()
    {
        BadPeer peer;
        QByteArray seenHead;
        peer.respond = [&seenHead](const QByteArray &head) {
            seenHead = head;
            return httpAnswer(
                409, "Conflict", "application/json",
                R"({"error":"Only 3 seats left","code":"not_enough_seats","available_seats":3})");
        };
        ApiClient api;
        api.setBaseUrl(peer.url());
        Outcome<Booking> outcome;
        api.holdSeats(9, QStringLiteral("Ana"), 5, QStringLiteral("key-42"), this,
                      outcome.callback());
        QTRY_VERIFY_WITH_TIMEOUT(outcome.result.has_value(), 15000);
        QVERIFY(!outcome.result->ok());
        const DomainError &error = outcome.result->error();
        QCOMPARE(ApiError::kind(error), ApiError::Kind::Rejected);
        QCOMPARE(error.code, ErrorCode::NotEnoughSeats);
        QCOMPARE(error.details.value(QStringLiteral("available_seats")).toInt(), 3);
        QCOMPARE(UserMessage::forHoldError(error, QStringLiteral("Hamlet"), 5),
                 QStringLiteral("Only 3 seats left for Hamlet (asked for 5)."));
        QVERIFY2(seenHead.startsWith("POST /shows/9/book "), seenHead.constData());
        QVERIFY2(seenHead.contains("Idempotency-Key: key-42"), seenHead.constData());
    }

    void contextDestroyedBeforeTheAnswerGetsNoCallback()
    {
        BadPeer peer;
        peer.respond = [](const QByteArray &) {
            return httpAnswer(200, "OK", "application/json", "[]");
        };
        ApiClient api;
        api.setBaseUrl(peer.url());
        bool called = false;
        auto *context = new QObject;
        api.fetchShows(context, [&called](const Result<QList<Show>> &) { called = true; });
        delete context;
        QTRY_COMPARE_WITH_TIMEOUT(api.pendingRequests(), 0, 15000);
        QVERIFY(!called);
    }

    void dateHeaderSetsTheServerClock()
    {
        const QDateTime serverNow = QDateTime::currentDateTimeUtc().addSecs(3600);
        BadPeer peer;
        peer.respond = [serverNow](const QByteArray &) {
            return httpAnswer(200, "OK", "application/json", R"({"status":"ok","database":"ok"})",
                              "Date: " + Timestamps::toHttpDate(serverNow).toLatin1() + "\r\n");
        };
        ApiClient api;
        api.setBaseUrl(peer.url());
        Outcome<HealthStatus> outcome;
        api.health(this, outcome.callback());
        QTRY_VERIFY_WITH_TIMEOUT(outcome.result.has_value(), 15000);
        QVERIFY(outcome.result->ok());
        QVERIFY(api.clock()->hasEstimate());
        const qint64 offset = api.clock()->offsetMs();
        // One hour ahead, give or take the header's 1 s resolution and a slow machine.
        QVERIFY2(std::abs(offset - 3600000) < 3000, qPrintable(QString::number(offset)));
    }

    void monitorGoesOfflineThenBackOnlineByItself()
    {
        quint16 port = 0;
        {
            QTcpServer probe;
            QVERIFY(probe.listen(QHostAddress::LocalHost));
            port = probe.serverPort();
        }
        ApiClient api;
        api.setBaseUrl(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port)));
        ConnectionMonitor monitor(&api);
        monitor.setMaxBackoff(1000);
        QSignalSpy cameOnline(&monitor, &ConnectionMonitor::cameOnline);
        monitor.start();
        QTRY_COMPARE_WITH_TIMEOUT(monitor.state(), ConnectionMonitor::State::Offline, 15000);
        QVERIFY(!monitor.lastError().isEmpty());

        BadPeer peer(port);
        QVERIFY2(peer.isListening(), qPrintable(peer.errorString()));
        peer.respond = [](const QByteArray &) {
            return httpAnswer(200, "OK", "application/json", R"({"status":"ok","database":"ok"})");
        };
        QTRY_COMPARE_WITH_TIMEOUT(monitor.state(), ConnectionMonitor::State::Online, 20000);
        QCOMPARE(cameOnline.count(), 1);
    }

    void monitorReportsDatabaseDown()
    {
        BadPeer peer;
        peer.respond = [](const QByteArray &) {
            return httpAnswer(503, "Service Unavailable", "application/json",
                              R"({"error":"database unreachable","code":"database_unavailable"})");
        };
        ApiClient api;
        api.setBaseUrl(peer.url());
        ConnectionMonitor monitor(&api);
        monitor.start();
        QTRY_COMPARE_WITH_TIMEOUT(monitor.state(), ConnectionMonitor::State::DatabaseDown, 15000);
        QVERIFY(monitor.isReachable());
    }

    void serverWithoutConfigMeansTheDefaultLimits()
    {
        BadPeer peer;
        QByteArray answer = httpAnswer(
            200, "OK", "application/json",
            R"({"hold_seconds":30,"max_seats_per_booking":7,"reference_length":8,"version":"9"})");
        peer.respond = [&answer](const QByteArray &) { return answer; };
        ApiClient api;
        api.setBaseUrl(peer.url());
        api.setTimeout(2000);
        // A monitor of its own, never started: only this test's reload() calls ask.
        ApiClient idle;
        ConnectionMonitor monitor(&idle);
        ServerConfigLoader loader(&api, &monitor);
        QSignalSpy loaded(&loader, &ServerConfigLoader::loaded);

        loader.reload();
        QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, 10000);
        QCOMPARE(loader.config().maxSeatsPerBooking, 7);
        QCOMPARE(loader.config().holdSeconds, 30);
        QCOMPARE(loader.config().version, QStringLiteral("9"));

        // A config that is not one, or no answer at all: the last limits stay.
        answer = httpAnswer(200, "OK", "application/json", R"({"max_seats_per_booking":"x"})");
        loader.reload();
        QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 2, 10000);
        QCOMPARE(loader.config().maxSeatsPerBooking, 7);
        answer.clear(); // silence: a timeout
        loader.reload();
        QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 3, 10000);
        QCOMPARE(loader.config().maxSeatsPerBooking, 7);

        // An older server that has no /config applies the defaults.
        answer = httpAnswer(404, "Not Found", "application/json",
                            R"({"error":"There is nothing at /config.","code":"not_found"})");
        loader.reload();
        QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 4, 10000);
        QCOMPARE(loader.config(), ServerConfig());
        QCOMPARE(loader.config().maxSeatsPerBooking, 20);
    }
};

QTEST_MAIN(TestApiClientBadAnswers)
#include "tst_apiclientbadanswers.moc"
