// A server killed with SIGKILL in the middle of load loses no confirmed
// booking and leaves no seat held forever: another server expires the holds.
#include "loadgenerator.h"
#include "serverprocess.h"
#include "testdatabase.h"
#include "testhttpclient.h"

#include <QJsonDocument>
#include <QSqlQuery>
#include <QtTest>

class TestCrashSafety : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(TestDatabase::instance().start(),
                 qPrintable(TestDatabase::instance().errorString()));
    }

    void killedServerLosesNoConfirmedBookingAndNoSeatStaysHeld()
    {
        const QString databaseUrl = TestDatabase::instance().createDatabase();
        ServerProcess victim;
        victim.setDatabaseUrl(databaseUrl);
        victim.setArguments({QStringLiteral("--hold-seconds"), QStringLiteral("3")});
        QVERIFY2(victim.start(), qPrintable(victim.errorString()));
        TestHttpClient http(victim.baseUrl(), victim.adminToken());
        const qint64 showId = http.createShow(QStringLiteral("Crash"), 100000);
        QVERIFY(showId > 0);

        // Confirm every other booking of a first batch, remembering what the server acknowledged.
        QList<qint64> acknowledged;
        for (int i = 0; i < 40; ++i) {
            const auto held = http.post(QStringLiteral("/shows/%1/book").arg(showId),
                                        {{QStringLiteral("user_name"), QStringLiteral("crash")},
                                         {QStringLiteral("seats"), 2}});
            QVERIFY2(held.status == 201, qPrintable(held.describe()));
            const qint64 id = held.object().value(QStringLiteral("id")).toInteger();
            if (i % 2 == 0) {
                QCOMPARE(http.post(QStringLiteral("/bookings/%1/confirm").arg(id), {}).status, 200);
                acknowledged << id;
            }
        }

        // Kill it while a load of new holds is in flight.
        const QByteArray body =
            QJsonDocument(QJsonObject{{QStringLiteral("user_name"), QStringLiteral("in-flight")},
                                      {QStringLiteral("seats"), 1}})
                .toJson(QJsonDocument::Compact);
        const QByteArray request =
            LoadGenerator::rawRequest("POST", QStringLiteral("/shows/%1/book").arg(showId), body);
        int answered = 0;
        QTimer killer;
        killer.setInterval(5);
        connect(&killer, &QTimer::timeout, this, [&] {
            if (answered >= 0 && victim.isRunning()) {
                QSqlQuery probe(TestDatabase::open(databaseUrl));
                probe.exec(
                    QStringLiteral("SELECT count(*) FROM bookings WHERE user_name = 'in-flight'"));
                if (probe.next() && probe.value(0).toInt() >= 200) {
                    victim.kill();
                    killer.stop();
                }
            }
        });
        killer.start();
        const auto outcome = LoadGenerator::run(
            victim.baseUrl(), 16, 5000, [&](int) { return request; }, 60000);
        answered = outcome.answered();
        QVERIFY2(!victim.isRunning(), "the server should have been killed mid-load");
        QVERIFY2(outcome.transportErrors > 0, "some requests should have been cut off by the kill");

        QSqlDatabase db = TestDatabase::open(databaseUrl);
        QSqlQuery query(db);
        for (qint64 id : acknowledged) {
            QVERIFY(
                query.exec(QStringLiteral("SELECT status FROM bookings WHERE id = %1").arg(id)));
            QVERIFY(query.next());
            QCOMPARE(query.value(0).toString(), QStringLiteral("CONFIRMED"));
        }
        QStringList violations = invariantViolations(db);
        QVERIFY2(violations.isEmpty(), qPrintable(violations.join(QLatin1Char('\n'))));

        // A new server sweeps what the dead one left held.
        ServerProcess successor;
        successor.setDatabaseUrl(databaseUrl);
        QVERIFY2(successor.start(), qPrintable(successor.errorString()));
        const auto pendingSeats = [&] {
            QSqlQuery q(db);
            q.exec(QStringLiteral("SELECT count(*) FROM bookings WHERE status = 'PENDING'"));
            return q.next() ? q.value(0).toInt() : -1;
        };
        QTRY_COMPARE_WITH_TIMEOUT(pendingSeats(), 0, 15000);
        QVERIFY(query.exec(
            QStringLiteral("SELECT reserved_seats FROM shows WHERE id = %1").arg(showId)));
        QVERIFY(query.next());
        QCOMPARE(query.value(0).toInt(), 2 * int(acknowledged.size()));
        violations = invariantViolations(db);
        QVERIFY2(violations.isEmpty(), qPrintable(violations.join(QLatin1Char('\n'))));
    }
};

QTEST_GUILESS_MAIN(TestCrashSafety)
#include "tst_crashsafety.moc"
