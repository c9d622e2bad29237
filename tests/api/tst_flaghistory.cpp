// The history of a flag (issue 12): every change made through the API or by
// SQL behind it, newest first, with old and new values, who and when, paged;
// and concurrent writers, of whom If-Match lets exactly one win.
#include "apitestbench.h"
#include "flagapi.h"
#include "loadgenerator.h"
#include "testdatabase.h"

#include <QSqlDriver>
#include <QSqlQuery>
#include <QtTest>

#include <memory>

class TestFlagHistory : public QObject
{
    Q_OBJECT

private:
    ApiTestBench m_bench;
    std::unique_ptr<FlagApi> m_flags;

    // Eight PUTs of "{"n":i}" to key on eight connections at once.
    LoadGenerator::Outcome putTogether(const QString &key, const QByteArray &ifMatch)
    {
        // rawRequest() adds the Content-Type of its JSON body.
        QList<QPair<QByteArray, QByteArray>> headers = {
            {"Authorization", m_bench.http().adminHeader()}};
        if (!ifMatch.isEmpty())
            headers.append(qMakePair(QByteArray("If-Match"), ifMatch));
        return LoadGenerator::run(m_bench.server().baseUrl(), 8, 8, [&](int i) {
            return LoadGenerator::rawRequest("PUT", QStringLiteral("/admin/flags/") + key,
                                             "{\"n\":" + QByteArray::number(i) + "}", headers);
        });
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_bench.start(), qPrintable(m_bench.errorString()));
        m_flags = std::make_unique<FlagApi>(m_bench.http());
    }

    void cleanupTestCase()
    {
        const QString problem = m_bench.finish();
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    void historyListsEveryChangeNewestFirst()
    {
        const QString key = QStringLiteral("hist.target");
        QVERIFY(m_flags->set(key, R"({"v":1})"));
        QVERIFY(m_flags->set(key, R"({"v":2})"));
        QVERIFY(m_flags->set(key, R"({"v":2})")); // unchanged: no row
        QVERIFY(m_flags->set(key, R"({"v":3})"));
        const auto removed = m_flags->remove(key);
        QVERIFY2(removed.status == 200, qPrintable(removed.describe()));

        const auto history = m_flags->history(key);
        QVERIFY2(history.status == 200, qPrintable(history.describe()));
        QCOMPARE(history.header("X-Total-Count"), QByteArray("4"));
        const QJsonArray rows = history.array();
        QCOMPARE(rows.size(), 4);
        const QList<std::tuple<QString, QByteArray, QByteArray>> expected = {
            {"deleted", R"({"v":3})", "null"},
            {"updated", R"({"v":2})", R"({"v":3})"},
            {"updated", R"({"v":1})", R"({"v":2})"},
            {"created", "null", R"({"v":1})"}};
        qint64 previousId = std::numeric_limits<qint64>::max();
        for (int i = 0; i < rows.size(); ++i) {
            const QJsonObject row = rows.at(i).toObject();
            const auto &[action, oldValue, newValue] = expected.at(i);
            const QString seen = FlagApi::compact(row);
            QVERIFY2(row.keys() == (QStringList{"action", "changed_at", "changed_by", "id", "key",
                                                "new_value", "old_value"}),
                     qPrintable(seen));
            QVERIFY2(row.value("action").toString() == action, qPrintable(action + ": " + seen));
            QVERIFY2(row.value("old_value") == FlagApi::parse(oldValue), qPrintable(seen));
            QVERIFY2(row.value("new_value") == FlagApi::parse(newValue), qPrintable(seen));
            QCOMPARE(row.value("key").toString(), key);
            QCOMPARE(row.value("changed_by").toString(), QStringLiteral("bootstrap-admin"));
            QVERIFY2(row.value("changed_at").toString().endsWith('Z'), qPrintable(seen));
            QVERIFY2(row.value("id").toInteger() < previousId, "ids should fall, newest first");
            previousId = row.value("id").toInteger();
        }

        const auto page = m_flags->history(key, QStringLiteral("limit=2&offset=1"));
        QVERIFY2(page.status == 200, qPrintable(page.describe()));
        QCOMPARE(page.header("X-Total-Count"), QByteArray("4"));
        QCOMPARE(page.array().size(), 2);
        QCOMPARE(page.array().at(0), rows.at(1));
        QCOMPARE(page.array().at(1), rows.at(2));
        for (const char *query : {"limit=1", "limit=500"}) {
            const auto page = m_flags->history(key, QString::fromLatin1(query));
            QVERIFY2(page.status == 200 &&
                         page.array().size() == (QByteArray(query) == "limit=1" ? 1 : 4),
                     qPrintable(QStringLiteral("%1: %2").arg(query, page.describe())));
        }
        const auto past = m_flags->history(key, QStringLiteral("offset=10"));
        QVERIFY2(past.status == 200 && past.array().isEmpty(), qPrintable(past.describe()));

        const auto none = m_flags->history(QStringLiteral("hist.never"));
        QVERIFY2(none.status == 404 && none.object().value("code").toString() == "flag_not_found",
                 qPrintable("expected 404 flag_not_found, seen " + none.describe()));
    }

    void concurrentCreatesMakeOneFlagAndOneHistoryRowEach()
    {
        const auto outcome = putTogether(QStringLiteral("race.create"), {});
        QCOMPARE(outcome.answered(), 8);
        QVERIFY2(outcome.statusCounts.value(201) == 1 && outcome.statusCounts.value(200) == 7,
                 qPrintable(QStringLiteral("expected one 201 and seven 200, seen %1 and %2")
                                .arg(outcome.statusCounts.value(201))
                                .arg(outcome.statusCounts.value(200))));
        const auto history = m_flags->history(QStringLiteral("race.create"));
        QCOMPARE(history.header("X-Total-Count"), QByteArray("8"));
        QCOMPARE(history.array().last().toObject().value("action").toString(),
                 QStringLiteral("created"));
    }

    void concurrentWritersWithOneIfMatchHaveOneWinner()
    {
        const QString key = QStringLiteral("race.match");
        QVERIFY(m_flags->set(key, R"({"n":-1})"));
        const qint64 version = m_flags->get(key).object().value("version").toInteger();
        const auto outcome = putTogether(key, '"' + QByteArray::number(version) + '"');
        QCOMPARE(outcome.answered(), 8);
        QVERIFY2(outcome.statusCounts.value(200) == 1 && outcome.statusCounts.value(412) == 7,
                 qPrintable(QStringLiteral("expected one 200 and seven 412, seen %1 and %2")
                                .arg(outcome.statusCounts.value(200))
                                .arg(outcome.statusCounts.value(412))));
        QCOMPARE(m_flags->history(key).header("X-Total-Count"), QByteArray("2"));
    }

    // A listener of our own on the server's channel: a PUT of the same value
    // announces nothing, a real change announces its key.
    void onlyARealChangeIsAnnounced()
    {
        QSqlDatabase listener = QSqlDatabase::cloneDatabase(
            TestDatabase::open(m_bench.databaseUrl()), QStringLiteral("flag-listener"));
        QVERIFY(listener.open());
        QVERIFY(listener.driver()->subscribeToNotification(QStringLiteral("boxoffice_flags")));
        QStringList keys;
        QObject receiver; // disconnects on any return, before keys goes
        QObject::connect(
            listener.driver(),
            qOverload<const QString &, QSqlDriver::NotificationSource, const QVariant &>(
                &QSqlDriver::notification),
            &receiver,
            [&](const QString &, QSqlDriver::NotificationSource, const QVariant &payload) {
                keys << payload.toString();
            });
        QVERIFY(m_flags->set(QStringLiteral("note.same"), "1"));
        QTRY_COMPARE_WITH_TIMEOUT(keys, QStringList{"note.same"}, 2000);
        QVERIFY(m_flags->set(QStringLiteral("note.same"), "1")); // unchanged
        QVERIFY(m_flags->set(QStringLiteral("note.other"), "1"));
        // Notifications arrive in commit order: once note.other's is in, an
        // unchanged PUT's would have been too.
        QTRY_COMPARE_WITH_TIMEOUT(keys.size(), 2, 2000);
        QCOMPARE(keys, (QStringList{"note.same", "note.other"}));
        listener.close();
        listener = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("flag-listener"));
    }

    void aChangeMadeInSqlIsRecordedAsItsRole()
    {
        const QString key = QStringLiteral("hist.sql");
        QVERIFY(m_flags->set(key, R"("before")"));
        QSqlQuery query(TestDatabase::open(m_bench.databaseUrl()));
        QVERIFY(query.exec(QStringLiteral("SELECT session_user")) && query.next());
        const QString role = QStringLiteral("sql:") + query.value(0).toString();
        QVERIFY2(query.exec(QStringLiteral("UPDATE feature_flags SET value = '\"by hand\"' "
                                           "WHERE key = 'hist.sql'")),
                 "the UPDATE failed");
        const auto history = m_flags->history(key);
        QVERIFY2(history.status == 200, qPrintable(history.describe()));
        const QJsonObject newest = history.array().at(0).toObject();
        QVERIFY2(newest.value("changed_by").toString() == role &&
                     newest.value("new_value") == QJsonValue(QStringLiteral("by hand")),
                 qPrintable(QStringLiteral("expected a row by %1 to \"by hand\", seen %2")
                                .arg(role, FlagApi::compact(newest))));
        // The server hears of it (NOTIFY) and shows who made it.
        QTRY_COMPARE_WITH_TIMEOUT(m_flags->get(key).object().value("updated_by").toString(), role,
                                  2000);
        QCOMPARE(m_flags->get(key).object().value("value"), QJsonValue(QStringLiteral("by hand")));
    }
};

QTEST_GUILESS_MAIN(TestFlagHistory)
#include "tst_flaghistory.moc"
