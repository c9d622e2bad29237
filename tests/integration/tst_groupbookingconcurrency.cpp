// Group booking (issue 15) under real concurrency: 256 keep-alive connections
// book 1..4 seats on three shows that hold far less than is asked for, with
// keyed retries among them, against the real server with group booking on (its
// default). Every acknowledged booking must be stored once with its seats,
// refusals must say how many seats are left, no show may be oversold, and
// /metrics must show that bookings really were applied in batches.
#include "bookinganswers.h"
#include "loadgenerator.h"
#include "metricstext.h"
#include "serverprocess.h"
#include "testdatabase.h"
#include "testhttpclient.h"

#include <QJsonDocument>
#include <QtTest>

namespace {
constexpr int kConnections = 256;
constexpr int kRequests = 2560; // ten per connection
// 480 seats against ~6 400 asked for.
constexpr int kCapacities[] = {120, 160, 200};
// Every tenth request carries a key; request i and i + 10 share one (and its
// body), so a retry may meet its original in the same batch.
constexpr int kKeyEvery = 10;

bool isKeyed(int index)
{
    return index % kKeyEvery == 0;
}
int keyOf(int index)
{
    return index / (2 * kKeyEvery);
}
} // namespace

class TestGroupBookingConcurrency : public QObject
{
    Q_OBJECT

private:
    QString m_databaseUrl;
    QList<qint64> m_shows;

    QByteArray request(int index) const
    {
        if (isKeyed(index)) {
            const int key = keyOf(index);
            return BookingAnswers::bookRequest(m_shows.at(key % m_shows.size()),
                                               QStringLiteral("keyed-%1").arg(key), 1 + key % 4,
                                               "group-retry-" + QByteArray::number(key));
        }
        return BookingAnswers::bookRequest(m_shows.at(index % m_shows.size()),
                                           QStringLiteral("load-%1").arg(index),
                                           1 + (index / 3) % 4);
    }

    qint64 reserved(qint64 showId) const
    {
        return TestDatabase::integer(
            m_databaseUrl,
            QStringLiteral("SELECT reserved_seats FROM shows WHERE id = %1").arg(showId));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(TestDatabase::instance().start(),
                 qPrintable(TestDatabase::instance().errorString()));
        m_databaseUrl = TestDatabase::instance().createDatabase();
        QVERIFY(!m_databaseUrl.isEmpty());
    }

    void everyAcknowledgedBookingIsStoredOnceAndNoShowIsOversold()
    {
        ServerProcess server;
        server.setDatabaseUrl(m_databaseUrl);
        QVERIFY2(server.start(), qPrintable(server.errorString()));
        TestHttpClient http(server.baseUrl(), server.adminToken());
        for (int capacity : kCapacities) {
            m_shows << http.createShow(QStringLiteral("Group %1").arg(capacity), capacity);
            QVERIFY(m_shows.last() > 0);
        }

        const LoadGenerator::Outcome outcome = LoadGenerator::run(
            server.baseUrl(), kConnections, kRequests, [this](int i) { return request(i); });
        QCOMPARE(outcome.transportErrors, 0);
        QCOMPARE(outcome.answered(), kRequests);
        QVERIFY2(outcome.statusCounts.value(201) + outcome.statusCounts.value(409) == kRequests,
                 qPrintable(QStringLiteral("expected only 201 and 409, seen %1 kinds, 201: %2, "
                                           "409: %3")
                                .arg(outcome.statusCounts.size())
                                .arg(outcome.statusCounts.value(201))
                                .arg(outcome.statusCounts.value(409))));
        const BookingAnswers::Parsed answers = BookingAnswers::parse(outcome.bodies);
        QVERIFY2(answers.unreadable.isEmpty(), answers.unreadable.value(0).constData());
        QCOMPARE(answers.held.size(), outcome.statusCounts.value(201));
        QCOMPARE(answers.refused.size(), outcome.statusCounts.value(409));

        // A refusal means fewer seats were left than the 1..4 asked for.
        for (const QJsonObject &refusal : answers.refused) {
            const QJsonValue available = refusal.value(QStringLiteral("available_seats"));
            QVERIFY2(refusal.value(QStringLiteral("code")).toString() ==
                             QStringLiteral("not_enough_seats") &&
                         available.isDouble() && available.toInt() >= 0 && available.toInt() < 4,
                     qPrintable(QJsonDocument(refusal).toJson(QJsonDocument::Compact)));
        }

        // A key names one booking however many times it was answered; a
        // request without one is a booking of its own.
        QHash<qint64, BookingAnswers::Held> distinct;
        QHash<QString, qint64> idOfKey;
        int replays = 0;
        for (const BookingAnswers::Held &held : answers.held) {
            if (held.userName.startsWith(QLatin1String("keyed-"))) {
                const auto known = idOfKey.constFind(held.userName);
                if (known != idOfKey.constEnd()) {
                    QVERIFY2(*known == held.id,
                             qPrintable(QStringLiteral("%1: answered bookings %2 and %3")
                                            .arg(held.userName)
                                            .arg(*known)
                                            .arg(held.id)));
                    ++replays;
                    continue;
                }
                idOfKey.insert(held.userName, held.id);
            }
            QVERIFY2(!distinct.contains(held.id),
                     qPrintable("answered twice: " + BookingAnswers::describe(held)));
            distinct.insert(held.id, held);
        }
        QVERIFY2(replays > 0, "expected some keyed retries to be answered with the same booking");

        const QHash<qint64, BookingAnswers::Held> stored =
            BookingAnswers::storedBookings(m_databaseUrl);
        QVERIFY2(outcome.statusCounts.value(201) - replays == stored.size(),
                 qPrintable(QStringLiteral("expected %1 bookings (%2 answers 201, %3 of them "
                                           "replays), %4 stored")
                                .arg(outcome.statusCounts.value(201) - replays)
                                .arg(outcome.statusCounts.value(201))
                                .arg(replays)
                                .arg(stored.size())));
        QHash<qint64, qint64> seatsOfShow;
        for (const BookingAnswers::Held &held : std::as_const(distinct)) {
            const BookingAnswers::Held row = stored.value(held.id);
            QVERIFY2(row.id == held.id && row.reference == held.reference &&
                         row.showId == held.showId && row.userName == held.userName &&
                         row.seats == held.seats && row.status == QLatin1String("PENDING"),
                     qPrintable(
                         QStringLiteral("answered %1, stored %2")
                             .arg(BookingAnswers::describe(held), BookingAnswers::describe(row))));
            seatsOfShow[held.showId] += held.seats;
        }
        for (qint64 show : std::as_const(m_shows)) {
            QVERIFY2(seatsOfShow.value(show) == reserved(show),
                     qPrintable(QStringLiteral("show %1: answered %2 seats, reserved %3")
                                    .arg(show)
                                    .arg(seatsOfShow.value(show))
                                    .arg(reserved(show))));
            QVERIFY2(seatsOfShow.value(show) > 0, "expected every show to sell some seats");
        }
        const QStringList violations = invariantViolations(TestDatabase::open(m_databaseUrl));
        QVERIFY2(violations.isEmpty(), qPrintable(violations.join(QLatin1Char('\n'))));

        // Batching happened: some batch carried more than one booking.
        const TestHttpClient::Reply scraped = http.get(QStringLiteral("/metrics"), true);
        QVERIFY2(scraped.status == 200, qPrintable(scraped.describe()));
        const MetricsText metrics = MetricsText::parse(scraped.body);
        QVERIFY2(metrics.problems().isEmpty(), qPrintable(metrics.problems().join('\n')));
        const double batches = metrics.sum(QStringLiteral("boxoffice_booking_batch_size_count"));
        const double entries = metrics.sum(QStringLiteral("boxoffice_booking_batch_size_sum"));
        qInfo("%g bookings in %g batches (%d answers 201, %d replays)", entries, batches,
              outcome.statusCounts.value(201), replays);
        QVERIFY2(batches > 0, "expected boxoffice_booking_batch_size to count batches");
        QVERIFY2(entries > batches,
                 qPrintable(QStringLiteral("expected a batch of more than one entry, seen %1 "
                                           "entries in %2 batches")
                                .arg(entries)
                                .arg(batches)));
        QVERIFY(server.isRunning());
    }
};

QTEST_GUILESS_MAIN(TestGroupBookingConcurrency)
#include "tst_groupbookingconcurrency.moc"
