// The public read side of shows: health, the list ordered by start time with
// seat numbers, one show by id, and 404 for unknown shows.
#include "apitestbench.h"
#include "testdatabase.h"

#include <QSqlQuery>
#include <QtTest>

class TestShows : public QObject
{
    Q_OBJECT

private:
    ApiTestBench m_bench;

    static void verifyShowShape(const QJsonObject &show)
    {
        const QString text = QString::fromUtf8(QJsonDocument(show).toJson(QJsonDocument::Compact));
        const QStringList expected = {"available_seats", "held_seats", "id",         "name",
                                      "reserved_seats",  "sold_seats", "start_time", "status",
                                      "total_seats",     "version"};
        QVERIFY2(show.keys() == expected,
                 qPrintable(QStringLiteral("expected keys %1, seen %2")
                                .arg(expected.join(','), show.keys().join(','))));
        for (const char *number :
             {"id", "total_seats", "reserved_seats", "available_seats", "held_seats", "sold_seats"})
            QVERIFY2(show.value(number).isDouble(),
                     qPrintable(QStringLiteral("%1 not a number in %2").arg(number, text)));
        QVERIFY2(show.value("name").isString() && show.value("start_time").isString() &&
                     show.value("status").isString(),
                 qPrintable(text));
        QVERIFY2(show.value("available_seats").toInt() ==
                     show.value("total_seats").toInt() - show.value("reserved_seats").toInt(),
                 qPrintable(text));
        QVERIFY2(show.value("reserved_seats").toInt() ==
                     show.value("held_seats").toInt() + show.value("sold_seats").toInt(),
                 qPrintable(text));
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY2(m_bench.start(), qPrintable(m_bench.errorString())); }

    void cleanupTestCase()
    {
        QVERIFY2(m_bench.server().isRunning(), qPrintable(m_bench.server().output()));
        QVERIFY2(m_bench.server().stop(),
                 qPrintable(m_bench.server().errorString() + m_bench.server().output()));
    }

    void healthReportsServerAndDatabaseOk()
    {
        const auto reply = m_bench.http().get(QStringLiteral("/health"));
        QVERIFY2(reply.status == 200, qPrintable(reply.describe()));
        QCOMPARE(reply.object(), (QJsonObject{{"status", "ok"}, {"database", "ok"}}));
    }

    void showListIsOrderedByStartTime()
    {
        // Created out of order, in three different offsets.
        const qint64 late =
            m_bench.createShow(QStringLiteral("Late"), 10, QStringLiteral("2031-03-01T20:00:00Z"));
        const qint64 early = m_bench.createShow(QStringLiteral("Early"), 10,
                                                QStringLiteral("2031-03-01T20:00:00+03:00"));
        const qint64 middle = m_bench.createShow(QStringLiteral("Middle"), 10,
                                                 QStringLiteral("2031-03-01T18:30:00-01:00"));
        QVERIFY(late > 0 && early > 0 && middle > 0);

        const auto reply = m_bench.http().get(QStringLiteral("/shows"));
        QVERIFY2(reply.status == 200, qPrintable(reply.describe()));
        const QJsonArray shows = reply.array();
        QVERIFY2(shows.size() >= 3, qPrintable(reply.describe()));
        QList<qint64> mine;
        QString previous;
        for (const QJsonValue &value : shows) {
            const QJsonObject show = value.toObject();
            verifyShowShape(show);
            const QString start = show.value("start_time").toString();
            // ISO UTC strings with fixed width sort like the instants they name.
            QVERIFY2(previous <= start,
                     qPrintable(QStringLiteral("%1 listed after %2").arg(start, previous)));
            previous = start;
            const qint64 id = show.value("id").toInteger();
            if (id == late || id == early || id == middle)
                mine << id;
        }
        QCOMPARE(mine, (QList<qint64>{early, middle, late}));
    }

    void showIsFoundById()
    {
        const qint64 id = m_bench.createShow(QStringLiteral("Found by id"), 25,
                                             QStringLiteral("2031-04-01T19:30:00+02:00"));
        QVERIFY(id > 0);
        const auto reply = m_bench.http().get(QStringLiteral("/shows/%1").arg(id));
        QVERIFY2(reply.status == 200, qPrintable(reply.describe()));
        const QJsonObject show = reply.object();
        verifyShowShape(show);
        QCOMPARE(show.value("id").toInteger(), id);
        QCOMPARE(show.value("name").toString(), QStringLiteral("Found by id"));
        QCOMPARE(show.value("start_time").toString(), QStringLiteral("2031-04-01T17:30:00.000Z"));
        QCOMPARE(show.value("total_seats").toInt(), 25);
        QCOMPARE(show.value("reserved_seats").toInt(), 0);
        QCOMPARE(show.value("available_seats").toInt(), 25);
        QCOMPARE(show.value("held_seats").toInt(), 0);
        QCOMPARE(show.value("sold_seats").toInt(), 0);
        QCOMPARE(show.value("status").toString(), QStringLiteral("SCHEDULED"));
    }

    void showInListMatchesShowById()
    {
        const qint64 id = m_bench.createShow(QStringLiteral("Same twice"), 12,
                                             QStringLiteral("2031-05-01T19:30:00Z"));
        QVERIFY(id > 0);
        const auto booked = m_bench.book(id, QStringLiteral("Ann"), 2);
        QVERIFY2(booked.status == 201, qPrintable(booked.describe()));
        const auto single = m_bench.http().get(QStringLiteral("/shows/%1").arg(id));
        QVERIFY2(single.status == 200, qPrintable(single.describe()));
        const auto list = m_bench.http().get(QStringLiteral("/shows"));
        QVERIFY2(list.status == 200, qPrintable(list.describe()));
        QJsonObject fromList;
        for (const QJsonValue &value : list.array()) {
            if (value.toObject().value("id").toInteger() == id)
                fromList = value.toObject();
        }
        QCOMPARE(fromList, single.object());
        QCOMPARE(fromList.value("held_seats").toInt(), 2);
    }

    void unknownShowIsNotFound()
    {
        QSqlQuery query(TestDatabase::open(m_bench.databaseUrl()));
        QVERIFY(query.exec(QStringLiteral("SELECT coalesce(max(id), 0) + 1000 FROM shows")) &&
                query.next());
        const qint64 unknown = query.value(0).toLongLong();
        const auto reply = m_bench.http().get(QStringLiteral("/shows/%1").arg(unknown));
        QVERIFY2(reply.status == 404, qPrintable(reply.describe()));
        QCOMPARE(reply.object().value("code").toString(), QStringLiteral("show_not_found"));
        QVERIFY2(reply.object().value("error").isString(), qPrintable(reply.describe()));
    }
};

QTEST_GUILESS_MAIN(TestShows)
#include "tst_shows.moc"
