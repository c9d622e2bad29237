// Group booking (issue 15) and SIGKILL: a server killed while batches of
// bookings are in flight has stored every booking it acknowledged (a 201 is
// sent only after its batch committed), oversold nothing, and a new server on
// the same database carries on.
#include "bookinganswers.h"
#include "loadgenerator.h"
#include "serverprocess.h"
#include "testdatabase.h"
#include "testhttpclient.h"

#include <QTimer>
#include <QtTest>

namespace {
constexpr int kConnections = 128;
constexpr int kRequests = 100000; // more than can be answered before the kill
// Killed once this many bookings are stored: well into the load, with every
// connection's request waiting in or for a batch.
constexpr int kKillAfterBookings = 600;
} // namespace

class TestGroupBookingCrash : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(TestDatabase::instance().start(),
                 qPrintable(TestDatabase::instance().errorString()));
    }

    void acknowledgedBookingsSurviveAKillMidBatch()
    {
        const QString databaseUrl = TestDatabase::instance().createDatabase();
        QVERIFY(!databaseUrl.isEmpty());
        ServerProcess victim;
        victim.setDatabaseUrl(databaseUrl);
        QVERIFY2(victim.start(), qPrintable(victim.errorString()));
        TestHttpClient http(victim.baseUrl(), victim.adminToken());
        const qint64 hot = http.createShow(QStringLiteral("Crash hot"), 100000);
        // Sells out during the load, so refusals share batches with bookings.
        const qint64 small = http.createShow(QStringLiteral("Crash small"), 200);
        QVERIFY(hot > 0 && small > 0);

        const auto request = [&](int i) {
            return BookingAnswers::bookRequest(i % 4 == 0 ? small : hot,
                                               QStringLiteral("crash-%1").arg(i), 1 + i % 3);
        };
        // The load runs its own event loop on this thread; the probe runs in it.
        QTimer killer;
        killer.setInterval(5);
        connect(&killer, &QTimer::timeout, this, [&] {
            if (victim.isRunning() &&
                TestDatabase::integer(databaseUrl,
                                      QStringLiteral("SELECT count(*) FROM bookings")) >=
                    kKillAfterBookings) {
                victim.kill();
                killer.stop();
            }
        });
        killer.start();
        const LoadGenerator::Outcome outcome =
            LoadGenerator::run(victim.baseUrl(), kConnections, kRequests, request, 60000);
        killer.stop();
        QVERIFY2(!victim.isRunning(), "the server should have been killed mid-load");
        QVERIFY2(outcome.transportErrors > 0,
                 "some requests should have been in flight when the server was killed");

        const BookingAnswers::Parsed answers = BookingAnswers::parse(outcome.bodies);
        QVERIFY2(answers.unreadable.isEmpty(), answers.unreadable.value(0).constData());
        QCOMPARE(answers.held.size(), outcome.statusCounts.value(201));
        QVERIFY2(!answers.held.isEmpty(), "expected bookings acknowledged before the kill");
        const QHash<qint64, BookingAnswers::Held> stored =
            BookingAnswers::storedBookings(databaseUrl);
        qInfo("%lld acknowledged, %lld stored, %d cut off by the kill",
              qlonglong(answers.held.size()), qlonglong(stored.size()), outcome.transportErrors);
        for (const BookingAnswers::Held &held : answers.held) {
            const BookingAnswers::Held row = stored.value(held.id);
            QVERIFY2(row.id == held.id && row.reference == held.reference &&
                         row.showId == held.showId && row.userName == held.userName &&
                         row.seats == held.seats && row.status == QLatin1String("PENDING"),
                     qPrintable(QStringLiteral("acknowledged %1, stored %2")
                                    .arg(BookingAnswers::describe(held),
                                         row.id ? BookingAnswers::describe(row)
                                                : QStringLiteral("nothing"))));
        }
        QSqlDatabase db = TestDatabase::open(databaseUrl);
        QStringList violations = invariantViolations(db);
        QVERIFY2(violations.isEmpty(), qPrintable(violations.join(QLatin1Char('\n'))));

        // A new server on the same database books and reads as before.
        ServerProcess successor;
        successor.setDatabaseUrl(databaseUrl);
        successor.setAdminToken(victim.adminToken());
        QVERIFY2(successor.start(), qPrintable(successor.errorString()));
        http.setBaseUrl(successor.baseUrl());
        const auto booked = http.post(
            QStringLiteral("/shows/%1/book").arg(hot),
            {{QStringLiteral("user_name"), QStringLiteral("after")}, {QStringLiteral("seats"), 2}});
        QVERIFY2(booked.status == 201, qPrintable(booked.describe()));
        const auto show = http.get(QStringLiteral("/shows/%1").arg(hot));
        QVERIFY2(show.status == 200, qPrintable(show.describe()));
        const qint64 reserved = TestDatabase::integer(
            databaseUrl, QStringLiteral("SELECT reserved_seats FROM shows WHERE id = %1").arg(hot));
        QCOMPARE(show.object().value(QStringLiteral("available_seats")).toInteger(),
                 100000 - reserved);
        violations = invariantViolations(db);
        QVERIFY2(violations.isEmpty(), qPrintable(violations.join(QLatin1Char('\n'))));
        QVERIFY(successor.isRunning());
    }
};

QTEST_GUILESS_MAIN(TestGroupBookingCrash)
#include "tst_groupbookingcrash.moc"
