// The audit log end to end: every audited change leaves exactly one row with
// who, role, target, before/after, client address and request id (sent as
// X-Request-Id and found again); refused changes leave none; GET /admin/audit
// filters, limits and pages with its cursor, and refuses bad parameters with
// the field named; and the table refuses UPDATE, DELETE and TRUNCATE. That
// every answer carries X-Request-Id is tst_requestid.
#include "apitestbench.h"
#include "testdatabase.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QtTest>

class TestAudit : public QObject
{
    Q_OBJECT

private:
    ApiTestBench m_bench;
    int m_sequence = 0;

    using Headers = QList<QPair<QByteArray, QByteArray>>;

    QByteArray nextRequestId(const char *what)
    {
        return QByteArray("tst-audit-") + what + '-' + QByteArray::number(++m_sequence);
    }

    // An admin request with its own X-Request-Id.
    TestHttpClient::Reply admin(const QByteArray &method, const QString &path,
                                const QByteArray &body, const QByteArray &requestId)
    {
        return m_bench.http().send(method, path, body,
                                   {{"Authorization", m_bench.http().adminHeader()},
                                    {"Content-Type", "application/json"},
                                    {"X-Request-Id", requestId}});
    }

    qint64 rows(const QString &where)
    {
        return m_bench.sqlValue(QStringLiteral("SELECT count(*) FROM audit_log WHERE ") + where);
    }

    qint64 allRows() { return m_bench.sqlValue(QStringLiteral("SELECT count(*) FROM audit_log")); }

    // The one entry the API lists for this request id (fails the test otherwise).
    QJsonObject entryFor(const QByteArray &requestId)
    {
        const auto all = m_bench.http().get(QStringLiteral("/admin/audit?limit=500"), true);
        QJsonObject found;
        int matches = 0;
        for (const QJsonValue &value : all.object().value("entries").toArray()) {
            if (value.toObject().value("request_id").toString() == QString::fromLatin1(requestId)) {
                found = value.toObject();
                ++matches;
            }
        }
        if (matches != 1)
            qWarning("expected one audit entry with request id %s, seen %d in %s",
                     requestId.constData(), matches, all.body.left(600).constData());
        return found;
    }

    void verifyEntry(const QJsonObject &entry, const QString &action, const QString &targetType,
                     const QString &targetId, const QJsonValue &before, const QJsonValue &after)
    {
        QCOMPARE(entry.value("action").toString(), action);
        QCOMPARE(entry.value("actor").toString(), QStringLiteral("bootstrap-admin"));
        QCOMPARE(entry.value("actor_role").toString(), QStringLiteral("admin"));
        QCOMPARE(entry.value("target_type").toString(), targetType);
        QCOMPARE(entry.value("target_id").toString(), targetId);
        QCOMPARE(entry.value("before"), before);
        QCOMPARE(entry.value("after"), after);
        QCOMPARE(entry.value("client_address").toString(), QStringLiteral("127.0.0.1"));
        QVERIFY2(entry.value("id").toInteger() > 0, "an entry has its row id");
        QVERIFY2(!entry.value("at").toString().isEmpty(), "an entry has its time");
    }

    QJsonObject page(const QString &query)
    {
        const auto reply = m_bench.http().get(QStringLiteral("/admin/audit?") + query, true);
        if (reply.status != 200)
            qWarning("GET /admin/audit?%s: expected 200, seen %s", qPrintable(query),
                     qPrintable(reply.describe()));
        return reply.object();
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY2(m_bench.start(), qPrintable(m_bench.errorString())); }

    void cleanupTestCase()
    {
        const QString problem = m_bench.endStateProblem();
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    void showChangesLeaveOneRowEach()
    {
        const QByteArray createId = nextRequestId("show-create");
        const auto created = admin("POST", QStringLiteral("/admin/shows"),
                                   R"({"name":"Audited","start_time":"2030-02-01T19:00:00Z",)"
                                   R"("total_seats":30})",
                                   createId);
        QVERIFY2(created.status == 201, qPrintable(created.describe()));
        const QString id = QString::number(created.object().value("id").toInteger());
        verifyEntry(entryFor(createId), "show.create", "show", id, QJsonValue(QJsonValue::Null),
                    QJsonObject{{"name", "Audited"},
                                {"start_time", "2030-02-01T19:00:00.000Z"},
                                {"total_seats", 30}});

        const QByteArray updateId = nextRequestId("show-update");
        const auto updated = admin("PATCH", "/admin/shows/" + id,
                                   R"({"name":"Audited again","total_seats":30})", updateId);
        QVERIFY2(updated.status == 200, qPrintable(updated.describe()));
        // Only what changed: total_seats was sent with the value it had.
        verifyEntry(entryFor(updateId), "show.update", "show", id, QJsonObject{{"name", "Audited"}},
                    QJsonObject{{"name", "Audited again"}});

        const QByteArray cancelId = nextRequestId("show-cancel");
        const auto cancelled = admin("DELETE", "/admin/shows/" + id, {}, cancelId);
        QVERIFY2(cancelled.status == 200, qPrintable(cancelled.describe()));
        verifyEntry(entryFor(cancelId), "show.cancel", "show", id,
                    QJsonObject{{"status", "SCHEDULED"}},
                    QJsonObject{{"status", "CANCELLED"}, {"cancelled_bookings", 0}});
        QCOMPARE(rows("target_type = 'show' AND target_id = '" + id + "'"), 3);
    }

    void flagChangesLeaveOneRowEach()
    {
        const QString path = QStringLiteral("/admin/flags/audit.flag");
        const QByteArray createId = nextRequestId("flag-create");
        const auto created = admin("PUT", path, "3", createId);
        QVERIFY2(created.status == 201, qPrintable(created.describe()));
        verifyEntry(entryFor(createId), "flag.put", "flag", "audit.flag",
                    QJsonValue(QJsonValue::Null), QJsonObject{{"value", 3}});

        const QByteArray changeId = nextRequestId("flag-change");
        const auto changed = admin("PUT", path, R"("on")", changeId);
        QVERIFY2(changed.status == 200, qPrintable(changed.describe()));
        verifyEntry(entryFor(changeId), "flag.put", "flag", "audit.flag", QJsonObject{{"value", 3}},
                    QJsonObject{{"value", "on"}});

        // The same value again changes nothing, so it records nothing.
        const qint64 before = rows("target_type = 'flag'");
        const QByteArray sameId = nextRequestId("flag-same");
        const auto same = admin("PUT", path, R"("on")", sameId);
        QVERIFY2(same.status == 200, qPrintable(same.describe()));
        QCOMPARE(rows("target_type = 'flag'"), before);

        const QByteArray deleteId = nextRequestId("flag-delete");
        const auto removed = admin("DELETE", path, {}, deleteId);
        QVERIFY2(removed.status == 200, qPrintable(removed.describe()));
        verifyEntry(entryFor(deleteId), "flag.delete", "flag", "audit.flag",
                    QJsonObject{{"value", "on"}}, QJsonValue(QJsonValue::Null));
        QCOMPARE(rows("target_type = 'flag' AND target_id = 'audit.flag'"), 3);
        // The flag's own history is kept as before, with the same author.
        QCOMPARE(m_bench.sqlValue("SELECT count(*) FROM feature_flag_history WHERE key = "
                                  "'audit.flag' AND changed_by = 'bootstrap-admin'"),
                 3);
    }

    void settlingBookingsLeavesOneRowEach()
    {
        const qint64 show = m_bench.createShow(QStringLiteral("Audited bookings"), 10);
        QVERIFY(show > 0);
        const qint64 booking = m_bench.bookOk(show, QStringLiteral("Ada"), 2);
        QVERIFY(booking > 0);
        const QString id = QString::number(booking);

        const QByteArray confirmId = nextRequestId("confirm");
        const auto confirmed = admin("POST", "/bookings/" + id + "/confirm", {}, confirmId);
        QVERIFY2(confirmed.status == 200, qPrintable(confirmed.describe()));
        verifyEntry(entryFor(confirmId), "booking.confirm", "booking", id,
                    QJsonObject{{"status", "PENDING"}}, QJsonObject{{"status", "CONFIRMED"}});
        // Confirming again is answered 200 but changes nothing.
        const auto again = admin("POST", "/bookings/" + id + "/confirm", {}, "confirm-again");
        QVERIFY2(again.status == 200, qPrintable(again.describe()));

        const QByteArray cancelId = nextRequestId("cancel");
        const auto cancelled = admin("POST", "/bookings/" + id + "/cancel", {}, cancelId);
        QVERIFY2(cancelled.status == 200, qPrintable(cancelled.describe()));
        verifyEntry(entryFor(cancelId), "booking.cancel", "booking", id,
                    QJsonObject{{"status", "CONFIRMED"}}, QJsonObject{{"status", "CANCELLED"}});
        const auto cancelAgain = admin("POST", "/bookings/" + id + "/cancel", {}, "cancel-again");
        QVERIFY2(cancelAgain.status == 200, qPrintable(cancelAgain.describe()));
        QCOMPARE(rows("target_type = 'booking' AND target_id = '" + id + "'"), 2);
    }

    void refusedChangesLeaveNoRow()
    {
        const qint64 show = m_bench.createShow(QStringLiteral("Refusals"), 4);
        QVERIFY(show > 0);
        const qint64 booking = m_bench.bookOk(show, QStringLiteral("Bo"), 3);
        QVERIFY(booking > 0);
        const QString showPath = QStringLiteral("/admin/shows/%1").arg(show);
        const QString bookingPath = QStringLiteral("/bookings/%1").arg(booking);
        QVERIFY2(admin("POST", bookingPath + "/cancel", {}, "refusal-setup").status == 200,
                 "cancelling the booking to refuse its confirm");
        const qint64 before = allRows();

        struct Attempt
        {
            QByteArray method;
            QString path;
            QByteArray body;
            int status;
        };
        const QList<Attempt> attempts = {
            {"POST", bookingPath + "/confirm", {}, 409},      // cancelled
            {"POST", "/bookings/999999999/confirm", {}, 404}, // unknown
            {"POST", "/bookings/999999999/cancel", {}, 404},  // unknown
            {"PATCH", "/admin/shows/999999999", R"({"name":"x"})", 404},
            {"PATCH", showPath, R"({"total_seats":0})", 400}, // out of range
            {"DELETE", "/admin/shows/999999999", {}, 404},
            {"DELETE", "/admin/flags/audit.none", {}, 404},
            {"PUT", "/admin/flags/audit.none", R"({"nested":[)", 400},
        };
        for (const Attempt &attempt : attempts) {
            const auto reply = admin(attempt.method, attempt.path, attempt.body, "refused");
            QVERIFY2(reply.status == attempt.status,
                     qPrintable(QStringLiteral("%1 %2: expected %3, seen %4")
                                    .arg(QString::fromLatin1(attempt.method), attempt.path)
                                    .arg(attempt.status)
                                    .arg(reply.describe())));
        }
        QCOMPARE(allRows(), before);
        QCOMPARE(rows("request_id = 'refused'"), 0);
    }

    void filtersNarrowTheList()
    {
        const qint64 show = m_bench.createShow(QStringLiteral("Filtered"), 5);
        QVERIFY(show > 0);
        const QString id = QString::number(show);
        const QJsonArray byTarget = page("target=show:" + id).value("entries").toArray();
        QCOMPARE(byTarget.size(), 1);
        QCOMPARE(byTarget.at(0).toObject().value("target_id").toString(), id);

        const QJsonArray creates = page("action=show.create&limit=500").value("entries").toArray();
        QCOMPARE(creates.size(), int(rows("action = 'show.create'")));
        for (const QJsonValue &entry : creates)
            QCOMPARE(entry.toObject().value("action").toString(), QStringLiteral("show.create"));

        const QJsonArray shows = page("target=show&limit=500").value("entries").toArray();
        QCOMPARE(shows.size(), int(rows("target_type = 'show'")));

        QCOMPARE(page("actor=bootstrap-admin&limit=500").value("entries").toArray().size(),
                 int(rows("actor = 'bootstrap-admin'")));
        QCOMPARE(page("actor=nobody").value("entries").toArray().size(), 0);

        // since is inclusive, until exclusive: the entry's own time finds it.
        const QString at = byTarget.at(0).toObject().value("at").toString();
        QCOMPARE(page("target=show:" + id + "&since=" + at).value("entries").toArray().size(), 1);
        QCOMPARE(page("target=show:" + id + "&until=" + at).value("entries").toArray().size(), 0);
        QCOMPARE(page("target=show:" + id +
                      "&since=2000-01-01T00:00:00%2B02:00&until=2999-01-"
                      "01T00:00:00Z")
                     .value("entries")
                     .toArray()
                     .size(),
                 1);
    }

    void cursorPagesNewestFirstWithoutRepeats()
    {
        for (int i = 0; i < 5; ++i)
            QVERIFY(m_bench.createShow(QStringLiteral("Paged %1").arg(i), 3) > 0);
        const int total = int(rows("action = 'show.create'"));
        QVERIFY2(total >= 5, "five shows were just created");
        QList<qint64> ids;
        QString cursor;
        int pages = 0;
        do {
            const QJsonObject reply =
                page("action=show.create&limit=2" +
                     (cursor.isEmpty() ? QString() : QStringLiteral("&cursor=") + cursor));
            const QJsonArray entries = reply.value("entries").toArray();
            QVERIFY2(entries.size() <= 2, "a page holds at most limit entries");
            for (const QJsonValue &entry : entries)
                ids << entry.toObject().value("id").toInteger();
            cursor = reply.value("next_cursor").toString();
            QVERIFY2(reply.value("next_cursor").isNull() || entries.size() == 2,
                     "only a full page has a next cursor");
            ++pages;
        } while (!cursor.isEmpty() && pages < 100);
        QCOMPARE(ids.size(), total);
        QCOMPARE(pages, (total + 1) / 2);
        for (int i = 1; i < ids.size(); ++i)
            QVERIFY2(ids.at(i) < ids.at(i - 1), "pages run newest first, never repeating a row");
        QCOMPARE(page("limit=1").value("entries").toArray().size(), 1);
        QCOMPARE(page("").value("entries").toArray().size(), qMin(100, int(allRows())));
    }

    void badParametersAreRefused_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<QString>("field");
        QTest::newRow("limit 0") << "limit=0"
                                 << "limit";
        QTest::newRow("limit 501") << "limit=501"
                                   << "limit";
        QTest::newRow("limit text") << "limit=ten"
                                    << "limit";
        QTest::newRow("cursor garbage") << "cursor=%27%3B--"
                                        << "cursor";
        QTest::newRow("cursor empty") << "cursor="
                                      << "cursor";
        QTest::newRow("cursor forged") << "cursor=MTIz"
                                       << "cursor";
        QTest::newRow("since words") << "since=yesterday"
                                     << "since";
        QTest::newRow("since no offset") << "since=2030-01-01T00:00:00"
                                         << "since";
        QTest::newRow("until before since")
            << "since=2030-01-02T00:00:00Z&until=2030-01-01T00:00:00Z"
            << "until";
        QTest::newRow("action shape") << "action=DROP%20TABLE"
                                      << "action";
        QTest::newRow("target type") << "target=Booking:1"
                                     << "target";
        QTest::newRow("target empty id") << "target=booking:"
                                         << "target";
        QTest::newRow("actor empty") << "actor="
                                     << "actor";
    }

    void badParametersAreRefused()
    {
        QFETCH(QString, query);
        QFETCH(QString, field);
        const auto reply = m_bench.http().get(QStringLiteral("/admin/audit?") + query, true);
        QVERIFY2(reply.status == 400, qPrintable("expected 400, seen " + reply.describe()));
        QCOMPARE(reply.object().value("field").toString(), field);
        QVERIFY2(!reply.object().value("code").toString().isEmpty(), qPrintable(reply.describe()));
    }

    void theTableRefusesChange_data()
    {
        QTest::addColumn<QString>("statement");
        QTest::newRow("update") << "UPDATE audit_log SET actor = 'mallory'";
        QTest::newRow("delete") << "DELETE FROM audit_log";
        QTest::newRow("truncate") << "TRUNCATE audit_log";
    }

    void theTableRefusesChange()
    {
        QFETCH(QString, statement);
        QVERIFY(m_bench.createShow(QStringLiteral("Kept"), 2) > 0);
        const qint64 before = allRows();
        QVERIFY(before > 0);
        {
            QSqlDatabase db = TestDatabase::open(m_bench.databaseUrl());
            QSqlQuery query(db);
            QVERIFY2(!query.exec(statement), "the audit log must refuse this statement");
            QVERIFY2(
                query.lastError().text().contains(QStringLiteral("append-only")),
                qPrintable("expected the append-only refusal, seen " + query.lastError().text()));
        }
        QCOMPARE(allRows(), before);
        QCOMPARE(rows("actor = 'mallory'"), 0);
    }
};

QTEST_GUILESS_MAIN(TestAudit)
#include "tst_audit.moc"
