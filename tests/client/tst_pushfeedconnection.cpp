// PushFeed against the real server: it goes live (connected and subscribed)
// with the ApiClient's token, hands on show events with their version and the
// states of the bookings it watches (only those), resumes from the last seq it
// got after a pause (the server replays what was missed; a restarted server,
// which cannot, says resync), and over wss:// trusts exactly what the
// ApiClient trusts: an unknown certificate is refused, a pinned one accepted,
// another pin refused even when the system would trust the server.
#include "apiclient.h"
#include "pushfeed.h"
#include "serverprocess.h"
#include "testcertificate.h"
#include "testdatabase.h"
#include "testhttpclient.h"

#include <QSignalSpy>
#include <QSslConfiguration>
#include <QtTest>

#include <memory>

using PushProtocol::BookingStateChange;

namespace {
constexpr int kWaitMs = 20000;

std::unique_ptr<ApiClient> clientFor(const ServerProcess &server, bool withToken = true)
{
    auto api = std::make_unique<ApiClient>();
    api->setBaseUrl(server.baseUrl());
    if (withToken)
        api->setToken(server.adminToken());
    return api;
}

qint64 book(TestHttpClient &http, qint64 showId, int seats)
{
    const TestHttpClient::Reply reply =
        http.post(QStringLiteral("/shows/%1/book").arg(showId),
                  {{QStringLiteral("user_name"), QStringLiteral("Push test")},
                   {QStringLiteral("seats"), seats}},
                  true);
    if (reply.status != 201)
        qWarning() << "booking failed:" << reply.describe();
    return reply.object().value(QLatin1String("id")).toInteger();
}

// The newest state of `showId` among the showChanged signals seen, or an invalid Show.
Show lastShow(const QSignalSpy &spy, qint64 showId)
{
    for (auto it = spy.crbegin(); it != spy.crend(); ++it) {
        const Show show = it->at(0).value<Show>();
        if (show.id == showId)
            return show;
    }
    return {};
}

QList<BookingStateChange> allChanges(const QSignalSpy &spy)
{
    QList<BookingStateChange> changes;
    for (const QList<QVariant> &signal : spy)
        changes += signal.at(0).value<QList<BookingStateChange>>();
    return changes;
}

bool hasChange(const QSignalSpy &spy, qint64 bookingId, Booking::Status status)
{
    const QList<BookingStateChange> changes = allChanges(spy);
    return std::any_of(changes.begin(), changes.end(), [&](const BookingStateChange &change) {
        return change.id == bookingId && change.status == status;
    });
}
} // namespace

class TestPushFeedConnection : public QObject
{
    Q_OBJECT

private:
    QSslConfiguration m_systemDefaults;

    static QString startPlain(ServerProcess &server, QString *databaseUrl = nullptr)
    {
        if (!TestDatabase::instance().start())
            return TestDatabase::instance().errorString();
        const QString url = TestDatabase::instance().createDatabase();
        if (databaseUrl)
            *databaseUrl = url;
        server.setDatabaseUrl(url);
        return server.start() ? QString() : server.errorString();
    }

private slots:
    void initTestCase() { m_systemDefaults = QSslConfiguration::defaultConfiguration(); }
    void cleanup() { QSslConfiguration::setDefaultConfiguration(m_systemDefaults); }

    void goesLiveAndHandsOnShowAndWatchedBookingEvents()
    {
        ServerProcess server;
        const QString failure = startPlain(server);
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
        TestHttpClient http(server.baseUrl(), server.adminToken());
        const qint64 showId = http.createShow(QStringLiteral("Pushed"), 10);
        QVERIFY(showId > 0);
        const qint64 watched = book(http, showId, 2);
        const qint64 unwatched = book(http, showId, 1);
        QVERIFY(watched > 0 && unwatched > 0);

        auto api = clientFor(server);
        PushFeed feed(api.get());
        QSignalSpy live(&feed, &PushFeed::liveChanged);
        QSignalSpy shows(&feed, &PushFeed::showChanged);
        QSignalSpy bookings(&feed, &PushFeed::bookingsChanged);
        QSignalSpy watchStarted(&feed, &PushFeed::bookingsWatchStarted);
        feed.setWatchedBookings({watched});
        feed.start();
        QTRY_VERIFY_WITH_TIMEOUT(feed.isLive(), kWaitMs);
        QCOMPARE(live.count(), 1);
        QTRY_COMPARE_WITH_TIMEOUT(watchStarted.count(), 1, kWaitMs);
        QCOMPARE(watchStarted.first().at(0).value<QList<qint64>>(), QList<qint64>{watched});

        // Unwatched first: its event would come before the watched one's, if at all.
        QCOMPARE(http.post(QStringLiteral("/bookings/%1/confirm").arg(unwatched), {}, true).status,
                 200);
        QCOMPARE(http.post(QStringLiteral("/bookings/%1/confirm").arg(watched), {}, true).status,
                 200);
        QTRY_VERIFY_WITH_TIMEOUT(hasChange(bookings, watched, Booking::Status::Confirmed), kWaitMs);
        for (const BookingStateChange &change : allChanges(bookings))
            QVERIFY2(change.id == watched, qPrintable(QStringLiteral("heard of booking %1, which "
                                                                     "was not watched")
                                                          .arg(change.id)));

        // The show's counts after both confirmations, with the version the server gave them.
        QTRY_COMPARE_WITH_TIMEOUT(lastShow(shows, showId).soldSeats, 3, kWaitMs);
        const Show pushed = lastShow(shows, showId);
        QVERIFY2(pushed.version > 0, "a pushed show carries its version");
        const qint64 listedVersion = [&] {
            for (const QJsonValue &show : http.get(QStringLiteral("/shows")).array()) {
                if (show[QLatin1String("id")].toInteger() == showId)
                    return show[QLatin1String("version")].toInteger();
            }
            return qint64(-1);
        }();
        QCOMPARE(listedVersion, pushed.version);
        QCOMPARE(feed.lastSeq() >= pushed.version, true);
    }

    void changingTheWatchedListResubscribes()
    {
        ServerProcess server;
        const QString failure = startPlain(server);
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
        TestHttpClient http(server.baseUrl(), server.adminToken());
        const qint64 showId = http.createShow(QStringLiteral("Resubscribed"), 10);
        auto api = clientFor(server);
        PushFeed feed(api.get());
        QSignalSpy bookings(&feed, &PushFeed::bookingsChanged);
        QSignalSpy watchStarted(&feed, &PushFeed::bookingsWatchStarted);
        feed.start();
        QTRY_VERIFY_WITH_TIMEOUT(feed.isLive(), kWaitMs);

        const qint64 later = book(http, showId, 1);
        feed.setWatchedBookings({later});
        QTRY_COMPARE_WITH_TIMEOUT(watchStarted.count(), 1, kWaitMs);
        QCOMPARE(watchStarted.first().at(0).value<QList<qint64>>(), QList<qint64>{later});
        QCOMPARE(http.post(QStringLiteral("/bookings/%1/cancel").arg(later), {}, true).status, 200);
        QTRY_VERIFY_WITH_TIMEOUT(hasChange(bookings, later, Booking::Status::Cancelled), kWaitMs);
    }

    void resumesWhereItStoppedAndResyncsWithARestartedServer()
    {
        ServerProcess first;
        QString databaseUrl;
        const QString failure = startPlain(first, &databaseUrl);
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
        TestHttpClient http(first.baseUrl(), first.adminToken());
        const qint64 showId = http.createShow(QStringLiteral("Resumed"), 10);
        auto api = clientFor(first);
        PushFeed feed(api.get());
        feed.setBackoff(100, 500);
        QSignalSpy shows(&feed, &PushFeed::showChanged);
        QSignalSpy resyncs(&feed, &PushFeed::resyncRequested);
        feed.start();
        QTRY_VERIFY_WITH_TIMEOUT(feed.isLive(), kWaitMs);
        QVERIFY(book(http, showId, 1) > 0);
        QTRY_COMPARE_WITH_TIMEOUT(lastShow(shows, showId).heldSeats, 1, kWaitMs);
        const qint64 seqBefore = feed.lastSeq();
        QVERIFY(seqBefore > 0);

        // A change made while the feed is away is replayed when it comes back.
        feed.stop();
        QVERIFY(!feed.isLive());
        QVERIFY(book(http, showId, 2) > 0);
        feed.start();
        QTRY_COMPARE_WITH_TIMEOUT(lastShow(shows, showId).heldSeats, 3, kWaitMs);
        QVERIFY2(feed.lastSeq() > seqBefore, "the replayed event moves the resume point on");
        QCOMPARE(resyncs.count(), 0);

        // A restarted server has forgotten the feed: it says resync, and the feed is live again.
        const quint16 port = first.port();
        QVERIFY2(first.stop(), qPrintable(first.errorString()));
        QTRY_VERIFY_WITH_TIMEOUT(!feed.isLive(), kWaitMs);
        QVERIFY(!feed.lastProblem().isEmpty());
        ServerProcess second;
        second.setPort(port);
        second.setDatabaseUrl(databaseUrl);
        second.setAdminToken(first.adminToken());
        QVERIFY2(second.start(), qPrintable(second.errorString()));
        QTRY_VERIFY_WITH_TIMEOUT(feed.isLive(), kWaitMs);
        QTRY_COMPARE_WITH_TIMEOUT(resyncs.count(), 1, kWaitMs);
    }

    void wssTrustsExactlyWhatTheApiClientTrusts()
    {
        TestCertificate certificate;
        TestCertificate other;
        QVERIFY2(certificate.generate(), qPrintable(certificate.errorString()));
        QVERIFY2(other.generate(), qPrintable(other.errorString()));
        ServerProcess server;
        server.setArguments({QStringLiteral("--tls-cert"), certificate.certificatePath(),
                             QStringLiteral("--tls-key"), certificate.keyPath()});
        const QString failure = startPlain(server);
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
        QVERIFY2(server.isTls(), qPrintable(server.output()));

        // Unknown certificate: refused, and the problem names it as the login dialog would.
        auto api = clientFor(server);
        {
            PushFeed feed(api.get());
            feed.start();
            QTRY_VERIFY_WITH_TIMEOUT(!feed.lastProblem().isEmpty(), kWaitMs);
            QVERIFY(!feed.isLive());
            QVERIFY2(feed.lastProblem().contains(certificate.opensslFingerprint()),
                     qPrintable(feed.lastProblem()));
        }
        // Pinned: live over wss://.
        api->setPinnedCertificate(certificate.certificate().digest(QCryptographicHash::Sha256));
        {
            PushFeed feed(api.get());
            feed.start();
            QTRY_VERIFY_WITH_TIMEOUT(feed.isLive(), kWaitMs);
        }
        // Pinned to another certificate, while the system trusts the server's: refused.
        QSslConfiguration trusting = QSslConfiguration::defaultConfiguration();
        trusting.addCaCertificate(certificate.certificate());
        QSslConfiguration::setDefaultConfiguration(trusting);
        auto unpinned = clientFor(server);
        {
            PushFeed feed(unpinned.get());
            feed.start();
            QTRY_VERIFY_WITH_TIMEOUT(feed.isLive(), kWaitMs); // the system's word, no pin
        }
        api->setPinnedCertificate(other.certificate().digest(QCryptographicHash::Sha256));
        {
            PushFeed feed(api.get());
            feed.start();
            QTRY_VERIFY_WITH_TIMEOUT(!feed.lastProblem().isEmpty(), kWaitMs);
            QVERIFY2(!feed.isLive(), "a pin to another certificate must refuse this one");
        }
    }
};

QTEST_MAIN(TestPushFeedConnection)
#include "tst_pushfeedconnection.moc"
