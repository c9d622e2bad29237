// Times between the API and PostgreSQL: shown truncated to the millisecond (never
// after the instant stored), and every accepted start time stored and read back.
#include "apitestbench.h"
#include "db/sqlvalues.h"
#include "testdatabase.h"
#include "timestamps.h"

#include <QSqlQuery>
#include <QtTest>

class TestTimestampStorage : public QObject
{
    Q_OBJECT

private:
    ApiTestBench m_bench;

    // The database's exact value of a timestamptz, in microseconds since the epoch.
    qint64 storedMicroseconds(const QString &table, const QString &column, qint64 id)
    {
        return m_bench.sqlValue(
            QStringLiteral(
                "SELECT (extract(epoch FROM %1) * 1000000)::bigint FROM %2 WHERE id = %3")
                .arg(column, table)
                .arg(id));
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY2(m_bench.start(), qPrintable(m_bench.errorString())); }

    void cleanupTestCase()
    {
        const QString problem = m_bench.endStateProblem();
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    void epochConversionTruncates_data()
    {
        QTest::addColumn<QString>("timestamp");
        QTest::addColumn<qint64>("expectedMs");
        QTest::newRow(".0006 s is 0 ms, not 1")
            << "2030-01-01 00:00:00.0006+00" << qint64(1893456000000);
        QTest::newRow(".9996 s is 999 ms, not the next second")
            << "2030-01-01 00:00:00.9996+00" << qint64(1893456000999);
        QTest::newRow(".0005 s is 0 ms") << "2030-01-01 00:00:00.0005+00" << qint64(1893456000000);
        QTest::newRow("whole milliseconds stay")
            << "2030-01-01 00:00:00.123+00" << qint64(1893456000123);
        QTest::newRow("before the epoch rounds down too")
            << "1969-12-31 23:59:59.9996+00" << qint64(-1);
        QTest::newRow("after 9999 in UTC")
            << "10000-01-01 04:00:00.0009+00" << qint64(253402315200000);
    }

    void epochConversionTruncates()
    {
        QFETCH(QString, timestamp);
        QFETCH(qint64, expectedMs);
        QSqlQuery query(TestDatabase::open(m_bench.databaseUrl()));
        const QString sql =
            QStringLiteral("SELECT %1")
                .arg(SqlValues::epochMs(QStringLiteral("'%1'::timestamptz").arg(timestamp)));
        QVERIFY2(query.exec(sql) && query.next(), qPrintable(sql));
        QCOMPARE(query.value(0).toLongLong(), expectedMs);
    }

    void expiresAtShownIsNeverAfterTheStoredOne()
    {
        // clock_timestamp() has microseconds; with rounding about half of these holds
        // would be shown up to 0.5 ms late, so 20 make a pass by luck (1 in 10^6) moot.
        const qint64 showId = m_bench.createShow(QStringLiteral("Truncation"), 100);
        QVERIFY(showId > 0);
        int fractional = 0;
        for (int i = 0; i < 20; ++i) {
            const auto reply = m_bench.book(showId, QStringLiteral("T%1").arg(i), 1);
            QVERIFY2(reply.status == 201, qPrintable(reply.describe()));
            const qint64 id = reply.object().value(QStringLiteral("id")).toInteger();
            for (const QString &field :
                 {QStringLiteral("expires_at"), QStringLiteral("created_at")}) {
                const QString shownText = reply.object().value(field).toString();
                const QDateTime shown = Timestamps::parseIsoWithOffset(shownText);
                QVERIFY2(shown.isValid(), qPrintable(reply.describe()));
                const qint64 shownUs = shown.toMSecsSinceEpoch() * 1000;
                const qint64 storedUs = storedMicroseconds(QStringLiteral("bookings"), field, id);
                QVERIFY2(
                    shownUs <= storedUs && storedUs - shownUs < 1000,
                    qPrintable(QStringLiteral("%1 of booking %2: shown %3 (%4 us), stored %5 us")
                                   .arg(field)
                                   .arg(id)
                                   .arg(shownText)
                                   .arg(shownUs)
                                   .arg(storedUs)));
                if (storedUs % 1000 != 0)
                    ++fractional;
                // The booking as read again shows the same instant.
                const auto again = m_bench.http().get(QStringLiteral("/bookings/%1").arg(id));
                QCOMPARE(again.object().value(field).toString(), shownText);
            }
        }
        QVERIFY2(fractional > 0,
                 "no stored time had sub-millisecond digits, so nothing was tested");
    }

    void startTimesAtTheEndsOfTheRangeAreStoredAndShown_data()
    {
        QTest::addColumn<QString>("written");
        QTest::addColumn<QString>("shown");
        QTest::newRow("9999 as written, 10000 in UTC") << "9999-12-31T23:00:00-05:00"
                                                       << "10000-01-01T04:00:00.000Z";
        QTest::newRow("last millisecond, -23:59") << "9999-12-31T23:59:59.999-23:59"
                                                  << "10000-01-01T23:58:59.999Z";
        QTest::newRow("1970 as written, 1969 in UTC") << "1970-01-01T00:30:00+01:00"
                                                      << "1969-12-31T23:30:00.000Z";
        QTest::newRow("first instant, +23:59") << "1970-01-01T00:00:00+23:59"
                                               << "1969-12-31T00:01:00.000Z";
        QTest::newRow("sub-millisecond digits are cut") << "2030-01-01T19:30:00.9999Z"
                                                        << "2030-01-01T19:30:00.999Z";
    }

    void startTimesAtTheEndsOfTheRangeAreStoredAndShown()
    {
        QFETCH(QString, written);
        QFETCH(QString, shown);
        const auto created = m_bench.http().post(QStringLiteral("/admin/shows"),
                                                 QJsonObject{{"name", QStringLiteral("Edge")},
                                                             {"start_time", written},
                                                             {"total_seats", 5}},
                                                 true);
        QVERIFY2(created.status == 201, qPrintable(created.describe()));
        QCOMPARE(created.object().value(QStringLiteral("start_time")).toString(), shown);
        const qint64 id = created.object().value(QStringLiteral("id")).toInteger();
        const auto read = m_bench.http().get(QStringLiteral("/shows/%1").arg(id));
        QVERIFY2(read.status == 200, qPrintable(read.describe()));
        QCOMPARE(read.object().value(QStringLiteral("start_time")).toString(), shown);
        QCOMPARE(Timestamps::parseIsoWithOffset(shown), Timestamps::parseIsoWithOffset(written));
        // And a PATCH to the same time is accepted too.
        const auto patched = m_bench.http().patch(QStringLiteral("/admin/shows/%1").arg(id),
                                                  QJsonObject{{"start_time", written}});
        QVERIFY2(patched.status == 200, qPrintable(patched.describe()));
        QCOMPARE(patched.object().value(QStringLiteral("start_time")).toString(), shown);
    }
};

QTEST_GUILESS_MAIN(TestTimestampStorage)
#include "tst_timestampstorage.moc"
