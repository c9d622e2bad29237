// The admin flag API of issue 12: create, update, unchanged, read, list,
// delete, If-Match and the token (the history is in tst_flaghistory).
#include "apitestbench.h"
#include "flagapi.h"
#include "rawhttpresponse.h"

#include <QDeadlineTimer>
#include <QTcpSocket>
#include <QtTest>

#include <memory>

namespace {
const QStringList kFlagFields = {"builtin", "effective", "environment_variable", "key",
                                 "percent", "source",    "updated_at",           "updated_by",
                                 "value",   "version"};

} // namespace

class TestAdminFlags : public QObject
{
    Q_OBJECT

private:
    ApiTestBench m_bench;
    std::unique_ptr<FlagApi> m_flags;

    qint64 historyCount(const QString &key)
    {
        return m_bench.sqlValue(
            QStringLiteral("SELECT count(*) FROM feature_flag_history WHERE key = '%1'").arg(key));
    }

    // The ETag of a reply as a version number, -1 if it is not "<digits>".
    static qint64 etagVersion(const FlagApi::Reply &reply)
    {
        const QByteArray etag = reply.header("ETag");
        if (etag.size() < 3 || !etag.startsWith('"') || !etag.endsWith('"'))
            return -1;
        bool ok = false;
        const qint64 version = etag.mid(1, etag.size() - 2).toLongLong(&ok);
        return ok ? version : -1;
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

    void putCreatesThenUpdatesWithAnETag()
    {
        const auto created = m_flags->put(QStringLiteral("crud.create"), R"({"colour":"red"})");
        QVERIFY2(created.status == 201, qPrintable("expected 201, seen " + created.describe()));
        const QJsonObject flag = created.object();
        QVERIFY2(flag.keys() == kFlagFields,
                 qPrintable(QStringLiteral("expected fields %1, seen %2")
                                .arg(kFlagFields.join(','), flag.keys().join(','))));
        QCOMPARE(flag.value("key").toString(), QStringLiteral("crud.create"));
        QCOMPARE(flag.value("value"), FlagApi::parse(R"({"colour":"red"})"));
        QCOMPARE(flag.value("effective"), FlagApi::parse(R"({"colour":"red"})"));
        QCOMPARE(flag.value("source").toString(), QStringLiteral("database"));
        QVERIFY2(flag.value("environment_variable").isNull(), qPrintable(created.describe()));
        QVERIFY2(flag.value("percent").isNull(), qPrintable(created.describe()));
        QCOMPARE(flag.value("builtin"), QJsonValue(false));
        QCOMPARE(flag.value("updated_by").toString(), QStringLiteral("bootstrap-admin"));
        const QString at = flag.value("updated_at").toString();
        QVERIFY2(at.endsWith('Z') && QDateTime::fromString(at, Qt::ISODateWithMs).isValid(),
                 qPrintable("expected an ISO UTC time, seen " + at));
        const qint64 version = flag.value("version").toInteger();
        QVERIFY2(version > 0, qPrintable(created.describe()));
        QVERIFY2(etagVersion(created) == version,
                 qPrintable(QStringLiteral("expected ETag \"%1\", seen '%2'")
                                .arg(version)
                                .arg(QString::fromLatin1(created.header("ETag")))));

        const auto updated = m_flags->put(QStringLiteral("crud.create"), R"({"colour":"blue"})");
        QVERIFY2(updated.status == 200, qPrintable("expected 200, seen " + updated.describe()));
        QCOMPARE(updated.object().value("value"), FlagApi::parse(R"({"colour":"blue"})"));
        const qint64 newVersion = updated.object().value("version").toInteger();
        QVERIFY2(newVersion > version, qPrintable(QStringLiteral("expected a version above %1, "
                                                                 "seen %2")
                                                      .arg(version)
                                                      .arg(newVersion)));
        QCOMPARE(etagVersion(updated), newVersion);
        QCOMPARE(historyCount(QStringLiteral("crud.create")), qint64(2));
    }

    void sameValueIsUnchanged()
    {
        QVERIFY(m_flags->set(QStringLiteral("crud.same"), "42"));
        const auto before = m_flags->get(QStringLiteral("crud.same"));
        QVERIFY2(before.status == 200, qPrintable(before.describe()));
        const auto again = m_flags->put(QStringLiteral("crud.same"), "42");
        QVERIFY2(again.status == 200, qPrintable("expected 200, seen " + again.describe()));
        QCOMPARE(again.object().value("version"), before.object().value("version"));
        QCOMPARE(again.object().value("updated_at"), before.object().value("updated_at"));
        QCOMPARE(etagVersion(again), before.object().value("version").toInteger());
        QCOMPARE(historyCount(QStringLiteral("crud.same")), qint64(1));
    }

    void getOneAndListSortedByKey()
    {
        for (const char *key : {"list.zeta", "list.alpha", "list:mid"})
            QVERIFY(m_flags->set(QString::fromLatin1(key), R"("on")"));
        const auto one = m_flags->get(QStringLiteral("list:mid"));
        QVERIFY2(one.status == 200, qPrintable(one.describe()));
        QCOMPARE(one.object().keys(), kFlagFields);
        QCOMPARE(one.object().value("value"), QJsonValue(QStringLiteral("on")));
        QCOMPARE(etagVersion(one), one.object().value("version").toInteger());

        const auto list = m_flags->list();
        QVERIFY2(list.status == 200, qPrintable(list.describe()));
        QStringList keys;
        for (const QJsonValue &flag : list.array()) {
            keys << flag.toObject().value("key").toString();
            QVERIFY2(flag.toObject().keys() == kFlagFields, qPrintable(FlagApi::compact(flag)));
        }
        QStringList sorted = keys;
        std::sort(sorted.begin(), sorted.end());
        QVERIFY2(keys == sorted, qPrintable("expected sorted keys, seen " + keys.join(',')));
        for (const char *key : {"list.zeta", "list.alpha", "list:mid"})
            QVERIFY2(keys.contains(QString::fromLatin1(key)), qPrintable(keys.join(',')));
    }

    void rolloutAndBuiltinFieldsOfTheFlagObject()
    {
        const auto rollout =
            m_flags->put(QStringLiteral("crud.rollout"), R"({"theme":"dark","percent":12.5})");
        QVERIFY2(rollout.status == 201, qPrintable(rollout.describe()));
        QCOMPARE(rollout.object().value("percent").toDouble(), 12.5);
        QCOMPARE(rollout.object().value("builtin"), QJsonValue(false));
        const auto builtin = m_flags->put(QStringLiteral("booking.max_seats"), "30");
        QVERIFY2(builtin.status == 201, qPrintable(builtin.describe()));
        QCOMPARE(builtin.object().value("builtin"), QJsonValue(true));
        QVERIFY2(builtin.object().value("percent").isNull(), qPrintable(builtin.describe()));
        QVERIFY(m_flags->unset(QStringLiteral("booking.max_seats")));
        // A built-in that is neither stored nor overridden is no flag to show.
        const auto gone = m_flags->get(QStringLiteral("booking.max_seats"));
        QVERIFY2(gone.status == 404 && gone.object().value("code").toString() == "flag_not_found",
                 qPrintable("expected 404 flag_not_found, seen " + gone.describe()));
    }

    void deleteAnswersTheOldFlagThenNotFound()
    {
        QVERIFY(m_flags->set(QStringLiteral("crud.gone"), "true"));
        const auto before = m_flags->get(QStringLiteral("crud.gone")).object();
        const auto removed = m_flags->remove(QStringLiteral("crud.gone"));
        QVERIFY2(removed.status == 200, qPrintable("expected 200, seen " + removed.describe()));
        QCOMPARE(removed.object().value("value"), QJsonValue(true));
        QCOMPARE(removed.object().value("version"), before.value("version"));
        for (const auto &reply : {m_flags->get(QStringLiteral("crud.gone")),
                                  m_flags->remove(QStringLiteral("crud.gone"))}) {
            QVERIFY2(reply.status == 404 &&
                         reply.object().value("code").toString() == "flag_not_found",
                     qPrintable("expected 404 flag_not_found, seen " + reply.describe()));
        }
        QCOMPARE(m_bench.sqlValue("SELECT count(*) FROM feature_flags WHERE key = 'crud.gone'"),
                 qint64(0));
    }

    void colonKeyWorksAsAPathSegment_data()
    {
        QTest::addColumn<QString>("writePath");
        QTest::addColumn<QString>("readPath");
        QTest::newRow("plain, read encoded") << "ai:model"
                                             << "ai%3Amodel";
        QTest::newRow("encoded, read plain") << "ai%3Amodel"
                                             << "ai:model";
    }

    void colonKeyWorksAsAPathSegment()
    {
        QFETCH(QString, writePath);
        QFETCH(QString, readPath);
        const QByteArray value = QByteArray(R"({"model":"claude-haiku-4.5","percent":1,"w":")") +
                                 writePath.toLatin1() + "\"}";
        const auto put = m_flags->put(writePath, value);
        QVERIFY2(put.status == 200 || put.status == 201, qPrintable(put.describe()));
        QCOMPARE(put.object().value("key").toString(), QStringLiteral("ai:model"));
        const auto read = m_flags->get(readPath);
        QVERIFY2(read.status == 200, qPrintable(read.describe()));
        QCOMPARE(read.object().value("key").toString(), QStringLiteral("ai:model"));
        QCOMPARE(read.object().value("value"), FlagApi::parse(value));
        const auto history = m_flags->history(readPath);
        QVERIFY2(history.status == 200 && !history.array().isEmpty(),
                 qPrintable(history.describe()));
        QCOMPARE(m_bench.sqlValue("SELECT count(*) FROM feature_flags WHERE key = 'ai:model'"),
                 qint64(1));
    }

    void everyAdminFlagRouteNeedsTheToken_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("list") << QByteArray("GET") << "/admin/flags" << QByteArray();
        QTest::newRow("get") << QByteArray("GET") << "/admin/flags/auth.target" << QByteArray();
        QTest::newRow("put") << QByteArray("PUT") << "/admin/flags/auth.target" << QByteArray("2");
        QTest::newRow("put new") << QByteArray("PUT") << "/admin/flags/auth.new" << QByteArray("2");
        QTest::newRow("delete") << QByteArray("DELETE") << "/admin/flags/auth.target"
                                << QByteArray();
        QTest::newRow("history") << QByteArray("GET") << "/admin/flags/auth.target/history"
                                 << QByteArray();
        QTest::newRow("preview") << QByteArray("POST") << "/admin/flags/auth.target/preview"
                                 << QByteArray(R"({"subjects":["a"]})");
    }

    void everyAdminFlagRouteNeedsTheToken()
    {
        QFETCH(QByteArray, method);
        QFETCH(QString, path);
        QFETCH(QByteArray, body);
        QVERIFY(m_flags->set(QStringLiteral("auth.target"), "1"));
        const QString before = m_flags->state({QStringLiteral("auth.target")});
        for (const QByteArray &authorization : {QByteArray(), QByteArray("Bearer wrong")}) {
            FlagApi::Headers headers{{"Content-Type", "application/json"}};
            if (!authorization.isEmpty())
                headers.append(qMakePair(QByteArray("Authorization"), authorization));
            const auto reply = m_bench.http().send(method, path, body, headers);
            QVERIFY2(reply.status == 401,
                     qPrintable(QStringLiteral("%1 %2 with '%3': expected 401, seen %4")
                                    .arg(QString::fromLatin1(method), path,
                                         QString::fromLatin1(authorization), reply.describe())));
        }
        QCOMPARE(m_flags->state({QStringLiteral("auth.target")}), before);
        QCOMPARE(m_bench.sqlValue("SELECT count(*) FROM feature_flags WHERE key = 'auth.new'"),
                 qint64(0));
    }

    void ifMatchDecidesWhetherAChangeHappens_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<bool>("exists");
        QTest::addColumn<QString>("ifMatch"); // {v} = the flag's version now, {old} = an older one
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("code");
        QTest::newRow("put, right version") << QByteArray("PUT") << true << "\"{v}\"" << 200 << "";
        QTest::newRow("put, bare digits") << QByteArray("PUT") << true << "{v}" << 200 << "";
        QTest::newRow("put, stale version")
            << QByteArray("PUT") << true << "\"{old}\"" << 412 << "version_conflict";
        QTest::newRow("put, * on existing") << QByteArray("PUT") << true << "*" << 200 << "";
        QTest::newRow("put, * on missing")
            << QByteArray("PUT") << false << "*" << 412 << "version_conflict";
        QTest::newRow("put, version on missing")
            << QByteArray("PUT") << false << "\"12345\"" << 412 << "version_conflict";
        QTest::newRow("delete, right version")
            << QByteArray("DELETE") << true << "\"{v}\"" << 200 << "";
        QTest::newRow("delete, stale version")
            << QByteArray("DELETE") << true << "\"{old}\"" << 412 << "version_conflict";
        for (const char *bad : {"abc", "\"12", "\"\"", "\"-1\"", "**", "1.5"}) {
            QTest::newRow(qPrintable(QStringLiteral("put, malformed %1").arg(bad)))
                << QByteArray("PUT") << true << QString::fromLatin1(bad) << 400 << "invalid_field";
            QTest::newRow(qPrintable(QStringLiteral("delete, malformed %1").arg(bad)))
                << QByteArray("DELETE") << true << QString::fromLatin1(bad) << 400
                << "invalid_field";
        }
    }

    void ifMatchDecidesWhetherAChangeHappens()
    {
        QFETCH(QByteArray, method);
        QFETCH(bool, exists);
        QFETCH(QString, ifMatch);
        QFETCH(int, status);
        QFETCH(QString, code);
        const QString key = QStringLiteral("match.target");
        QVERIFY(m_flags->unset(key));
        qint64 old = 0;
        if (exists) {
            QVERIFY(m_flags->set(key, "1"));
            old = m_flags->get(key).object().value("version").toInteger();
            QVERIFY(m_flags->set(key, "2"));
        }
        const qint64 current = exists ? m_flags->get(key).object().value("version").toInteger() : 0;
        const QByteArray header = QString(ifMatch)
                                      .replace("{v}", QString::number(current))
                                      .replace("{old}", QString::number(old))
                                      .toLatin1();
        const QString before = m_flags->state({key});
        const auto reply =
            method == "PUT" ? m_flags->put(key, "3", header) : m_flags->remove(key, header);
        QVERIFY2(reply.status == status,
                 qPrintable(QStringLiteral("If-Match %1: expected %2 %3, seen %4")
                                .arg(QString::fromLatin1(header))
                                .arg(status)
                                .arg(code, reply.describe())));
        if (status < 400)
            return;
        QCOMPARE(reply.object().value("code").toString(), code);
        if (status == 412) {
            QVERIFY2(reply.object().value("current_version").isDouble() &&
                         reply.object().value("current_version").toInteger() == current,
                     qPrintable(QStringLiteral("expected current_version %1, seen %2")
                                    .arg(current)
                                    .arg(reply.describe())));
        } else {
            QCOMPARE(reply.object().value("field").toString(), QStringLiteral("If-Match"));
        }
        QCOMPARE(m_flags->state({key}), before);
    }

    // Two If-Match headers mean two conditions; QNetworkAccessManager cannot send
    // that, so a raw socket does.
    void ifMatchGivenTwiceIsRefused()
    {
        const QString key = QStringLiteral("match.twice");
        QVERIFY(m_flags->set(key, "1"));
        const QByteArray version =
            QByteArray::number(m_flags->get(key).object().value("version").toInteger());
        const QString before = m_flags->state({key});
        QTcpSocket socket;
        socket.connectToHost(QStringLiteral("127.0.0.1"), m_bench.server().port());
        QVERIFY(socket.waitForConnected(5000));
        socket.write("PUT /admin/flags/match.twice HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                     "Connection: close\r\nAuthorization: " +
                     m_bench.http().adminHeader() +
                     "\r\nContent-Type: application/json\r\nIf-Match: \"" + version +
                     "\"\r\nIf-Match: \"" + version + "\"\r\nContent-Length: 1\r\n\r\n2");
        QByteArray received;
        const QDeadlineTimer deadline(10000);
        while (socket.state() == QAbstractSocket::ConnectedState && !deadline.hasExpired()) {
            if (socket.waitForReadyRead(100))
                received += socket.readAll();
        }
        received += socket.readAll();
        const QByteArray raw = received;
        const QList<RawHttpResponse> answers = RawHttpResponse::takeAll(&received);
        QVERIFY2(answers.size() == 1 && answers.first().status == 400 && received.isEmpty(),
                 qPrintable("expected one 400 answer, seen: " + QString::fromUtf8(raw.left(400))));
        QCOMPARE(m_flags->state({key}), before);
    }
};

QTEST_GUILESS_MAIN(TestAdminFlags)
#include "tst_adminflags.moc"
