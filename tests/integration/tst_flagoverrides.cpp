// Environment overrides of issue 12: BOXOFFICE_FLAG_<NAME> and AI_MODEL win
// over the table (and the built-ins over the command line), an unmatched
// variable is an environment-only flag, and an invalid value stops the server
// at start with exit code 2 and the variable named.
#include "flagapi.h"
#include "serverprocess.h"
#include "testdatabase.h"
#include "testhttpclient.h"

#include <QDateTime>
#include <QProcess>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

class TestFlagOverrides : public QObject
{
    Q_OBJECT

private:
    QString m_databaseUrl;
    // Paused, AI_MODEL and an environment-only flag.
    ServerProcess m_paused;
    // The hold length from the environment, over the table and --hold-seconds;
    // show 77 paused from the environment only; BOXOFFICE_FLAG_AI_MODEL over AI_MODEL.
    ServerProcess m_holds;
    std::unique_ptr<TestHttpClient> m_pausedHttp;
    std::unique_ptr<TestHttpClient> m_holdsHttp;

    bool sql(const QString &statement)
    {
        QSqlQuery query(TestDatabase::open(m_databaseUrl));
        if (query.exec(statement))
            return true;
        qWarning() << statement << "failed:" << query.lastError().text();
        return false;
    }

    static TestHttpClient::Reply book(TestHttpClient &http, qint64 show)
    {
        return http.post(QStringLiteral("/shows/%1/book").arg(show),
                         {{QStringLiteral("user_name"), QStringLiteral("Override")},
                          {QStringLiteral("seats"), 1}});
    }

private Q_SLOTS:
    void initTestCase()
    {
        const QString problem = TestDatabase::startMigrated(m_databaseUrl);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        // What the table says, before either server starts.
        QVERIFY(sql(QStringLiteral(
            "INSERT INTO feature_flags (key, value) VALUES ('sales.paused', 'false'),"
            " ('booking.hold_seconds', '70'),"
            " ('ai:model', '{\"model\":\"claude-haiku-4.5\",\"percent\":1}')")));
        QVERIFY(sql(QStringLiteral("INSERT INTO shows (id, name, start_time, total_seats)"
                                   " VALUES (77, 'Env show', '2030-01-01T19:30:00Z', 10)")));

        m_paused.setDatabaseUrl(m_databaseUrl);
        m_paused.setEnvironment(QStringLiteral("BOXOFFICE_FLAG_SALES_PAUSED"),
                                QStringLiteral("true"));
        m_paused.setEnvironment(QStringLiteral("AI_MODEL"), QStringLiteral("claude-4-mini"));
        m_paused.setEnvironment(QStringLiteral("BOXOFFICE_FLAG_CHECKOUT_V2"),
                                QStringLiteral("true"));
        m_holds.setDatabaseUrl(m_databaseUrl);
        m_holds.setArguments({QStringLiteral("--hold-seconds"), QStringLiteral("90")});
        m_holds.setEnvironment(QStringLiteral("BOXOFFICE_FLAG_BOOKING_HOLD_SECONDS"),
                               QStringLiteral("40"));
        m_holds.setEnvironment(QStringLiteral("BOXOFFICE_FLAG_SALES_PAUSED_SHOW_77"),
                               QStringLiteral("true"));
        m_holds.setEnvironment(QStringLiteral("BOXOFFICE_FLAG_AI_MODEL"),
                               QStringLiteral(R"({"model":"pinned-model"})"));
        m_holds.setEnvironment(QStringLiteral("AI_MODEL"), QStringLiteral("claude-4-mini"));
        QVERIFY(m_paused.launch() && m_holds.launch());
        QVERIFY2(m_paused.waitUntilListening(), qPrintable(m_paused.errorString()));
        QVERIFY2(m_holds.waitUntilListening(), qPrintable(m_holds.errorString()));
        m_pausedHttp = std::make_unique<TestHttpClient>(m_paused.baseUrl(), m_paused.adminToken());
        m_holdsHttp = std::make_unique<TestHttpClient>(m_holds.baseUrl(), m_holds.adminToken());
        // The snapshot is loaded before the server listens: the table's hold length
        // holds from the first request on (no waiting here).
        const int first = FlagApi(*m_pausedHttp).config().object().value("hold_seconds").toInt();
        QVERIFY2(first == 70, qPrintable(QStringLiteral("expected the table's 70 s at once, seen "
                                                        "%1")
                                             .arg(first)));
    }

    void cleanupTestCase()
    {
        QVERIFY2(m_paused.stop(), qPrintable(m_paused.errorString() + m_paused.output()));
        QVERIFY2(m_holds.stop(), qPrintable(m_holds.errorString() + m_holds.output()));
    }

    void salesPausedFromTheEnvironmentWinsOverTheTable()
    {
        const qint64 show = m_pausedHttp->createShow(QStringLiteral("Env paused"), 10);
        QVERIFY(show > 0);
        const auto refused = book(*m_pausedHttp, show);
        QVERIFY2(refused.status == 503 &&
                     refused.object().value("code").toString() == "sales_paused" &&
                     refused.object().value("scope").toString() == "all",
                 qPrintable("expected 503 sales_paused scope all, seen " + refused.describe()));
        QCOMPARE(FlagApi(*m_pausedHttp).config().object().value("sales_paused"), QJsonValue(true));

        const auto flag = FlagApi(*m_pausedHttp).get(QStringLiteral("sales.paused"));
        QVERIFY2(flag.status == 200, qPrintable(flag.describe()));
        const QJsonObject object = flag.object();
        QVERIFY2(object.value("value") == QJsonValue(false) &&
                     object.value("effective") == QJsonValue(true) &&
                     object.value("source").toString() == "environment" &&
                     object.value("environment_variable").toString() ==
                         "BOXOFFICE_FLAG_SALES_PAUSED" &&
                     object.value("builtin") == QJsonValue(true),
                 qPrintable("expected value false, effective true, source environment, variable "
                            "BOXOFFICE_FLAG_SALES_PAUSED, builtin; seen " +
                            flag.describe()));
        // The other server has no override: the table's false holds there.
        QCOMPARE(book(*m_holdsHttp, show).status, 201);
    }

    void holdSecondsFromTheEnvironmentWinsOverTableAndOption()
    {
        FlagApi flags(*m_holdsHttp);
        QCOMPARE(flags.config().object().value("hold_seconds").toInt(), 40);
        const qint64 show = m_holdsHttp->createShow(QStringLiteral("Env holds"), 10);
        QVERIFY(show > 0);
        const QJsonObject booking = book(*m_holdsHttp, show).object();
        const qint64 ms =
            QDateTime::fromString(booking.value("created_at").toString(), Qt::ISODateWithMs)
                .msecsTo(QDateTime::fromString(booking.value("expires_at").toString(),
                                               Qt::ISODateWithMs));
        QVERIFY2(ms == 40000, qPrintable(QStringLiteral("expected a 40 s hold, seen %1 ms in %2")
                                             .arg(ms)
                                             .arg(FlagApi::compact(booking))));
        // A new table value is stored but the environment still wins.
        const auto put = flags.put(QStringLiteral("booking.hold_seconds"), "50");
        QVERIFY2(put.status == 200, qPrintable(put.describe()));
        QCOMPARE(put.object().value("value").toInt(), 50);
        QCOMPARE(put.object().value("effective").toInt(), 40);
        QCOMPARE(put.object().value("source").toString(), QStringLiteral("environment"));
        QCOMPARE(put.object().value("environment_variable").toString(),
                 QStringLiteral("BOXOFFICE_FLAG_BOOKING_HOLD_SECONDS"));
        // The server without the override follows the table; once it has, this
        // one has had the same notification and must still say 40.
        QTRY_COMPARE_WITH_TIMEOUT(
            FlagApi(*m_pausedHttp).config().object().value("hold_seconds").toInt(), 50, 1000);
        QCOMPARE(flags.config().object().value("hold_seconds").toInt(), 40);
    }

    void aiModelGivesEveryoneThatModel()
    {
        FlagApi flags(*m_pausedHttp);
        const QJsonValue expected = FlagApi::parse(R"({"model":"claude-4-mini"})");
        for (const QString &subject : FlagApi::subjects(QStringLiteral("ai"), 150)) {
            const QJsonValue seen = flags.evaluate(subject).object().value("ai:model");
            QVERIFY2(seen == expected, qPrintable(QStringLiteral("%1: expected %2, seen %3")
                                                      .arg(subject, FlagApi::compact(expected),
                                                           FlagApi::compact(seen))));
        }
        const QJsonObject flag = flags.get(QStringLiteral("ai:model")).object();
        QVERIFY2(flag.value("value") ==
                         FlagApi::parse(R"({"model":"claude-haiku-4.5","percent":1})") &&
                     flag.value("effective") == expected &&
                     flag.value("source").toString() == "environment" &&
                     flag.value("environment_variable").toString() == "AI_MODEL" &&
                     flag.value("percent").isNull(),
                 qPrintable("expected the stored rollout, effective {\"model\":\"claude-4-mini\"}, "
                            "source environment, variable AI_MODEL, percent null; seen " +
                            FlagApi::compact(flag)));
        // Preview without a draft previews the effective value: no rollout any more.
        const auto preview = flags.preview(QStringLiteral("ai:model"), QStringList{"a", "b"});
        QVERIFY2(preview.status == 200 && preview.object().value("percent").isNull() &&
                     preview.object().value("inside_count").toInt() == 2,
                 qPrintable("expected everyone inside, no percent; seen " + preview.describe()));
        // BOXOFFICE_FLAG_AI_MODEL wins over AI_MODEL.
        FlagApi other(*m_holdsHttp);
        const QJsonValue pinned = FlagApi::parse(R"({"model":"pinned-model"})");
        for (const QString &subject : FlagApi::subjects(QStringLiteral("ai"), 20)) {
            const QJsonValue seen = other.evaluate(subject).object().value("ai:model");
            QVERIFY2(seen == pinned, qPrintable(QStringLiteral("%1: expected %2, seen %3")
                                                    .arg(subject, FlagApi::compact(pinned),
                                                         FlagApi::compact(seen))));
        }
        QCOMPARE(other.get(QStringLiteral("ai:model")).object().value("environment_variable"),
                 QJsonValue("BOXOFFICE_FLAG_AI_MODEL"));
        // The variable stands for ai:model only, as the list shows it, not for
        // every unstored key with the same NAME.
        for (const QString alias : {"ai_model", "ai.model", "ai-model"}) {
            const auto reply = other.get(alias);
            QVERIFY2(
                reply.status == 404,
                qPrintable(alias + QStringLiteral(": expected 404, seen ") + reply.describe()));
        }
    }

    void anUnmatchedVariableIsAnEnvironmentOnlyFlag()
    {
        FlagApi flags(*m_pausedHttp);
        const auto list = flags.list();
        QVERIFY2(list.status == 200, qPrintable(list.describe()));
        QJsonObject found;
        for (const QJsonValue &flag : list.array()) {
            if (flag.toObject().value("key").toString() == "checkout_v2")
                found = flag.toObject();
        }
        const QJsonObject expected{{"key", "checkout_v2"},
                                   {"value", QJsonValue::Null},
                                   {"effective", true},
                                   {"source", "environment"},
                                   {"environment_variable", "BOXOFFICE_FLAG_CHECKOUT_V2"},
                                   {"percent", QJsonValue::Null},
                                   {"builtin", false},
                                   {"version", 0},
                                   {"updated_at", QJsonValue::Null},
                                   {"updated_by", QJsonValue::Null}};
        QVERIFY2(found == expected,
                 qPrintable(QStringLiteral("expected %1 in the list, seen %2")
                                .arg(FlagApi::compact(expected), list.describe())));
        const auto one = flags.get(QStringLiteral("checkout_v2"));
        QVERIFY2(one.status == 200 && one.object() == expected, qPrintable(one.describe()));
        QCOMPARE(flags.evaluate(QStringLiteral("anyone")).object().value("checkout_v2"),
                 QJsonValue(true));
        // Not stored, so nothing to delete.
        QCOMPARE(flags.remove(QStringLiteral("checkout_v2")).status, 404);
        // Only on the server that has the variable.
        QCOMPARE(FlagApi(*m_holdsHttp).get(QStringLiteral("checkout_v2")).status, 404);
    }

    void aShowPausedOnlyByTheEnvironment()
    {
        FlagApi flags(*m_holdsHttp);
        const auto refused = book(*m_holdsHttp, 77);
        const QJsonObject expected{{"code", "sales_paused"},
                                   {"error", "Sales for this show are paused."},
                                   {"scope", "show"},
                                   {"show_id", 77}};
        QVERIFY2(refused.status == 503 && refused.object() == expected,
                 qPrintable("expected 503 " + FlagApi::compact(expected) + ", seen " +
                            refused.describe()));
        QCOMPARE(flags.config().object().value("paused_show_ids"), QJsonValue(QJsonArray{77}));
        const QJsonObject flag = flags.get(QStringLiteral("sales.paused.show.77")).object();
        QVERIFY2(
            flag.value("value").isNull() && flag.value("effective") == QJsonValue(true) &&
                flag.value("source").toString() == "environment" &&
                flag.value("environment_variable").toString() ==
                    "BOXOFFICE_FLAG_SALES_PAUSED_SHOW_77" &&
                flag.value("builtin") == QJsonValue(true) &&
                flag.value("version").toInteger(-1) == 0,
            qPrintable("expected an environment-only built-in, seen " + FlagApi::compact(flag)));
    }

    void anInvalidValueStopsTheServerAtStart_data()
    {
        QTest::addColumn<QString>("variable");
        QTest::addColumn<QString>("value");
        QTest::newRow("sales.paused maybe") << "BOXOFFICE_FLAG_SALES_PAUSED"
                                            << "maybe";
        QTest::newRow("max seats 5000") << "BOXOFFICE_FLAG_BOOKING_MAX_SEATS"
                                        << "5000";
        QTest::newRow("hold seconds \"30\"") << "BOXOFFICE_FLAG_BOOKING_HOLD_SECONDS"
                                             << "\"30\"";
        QTest::newRow("rollout percent 101") << "BOXOFFICE_FLAG_SOME_ROLLOUT"
                                             << R"({"percent":101})";
    }

    void anInvalidValueStopsTheServerAtStart()
    {
        QFETCH(QString, variable);
        QFETCH(QString, value);
        QTemporaryDir data;
        QProcess process;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const char *name : {"DATABASE_URL", "PGHOST", "PGPORT", "PGUSER", "PGPASSWORD",
                                 "PGDATABASE", "PORT", "BOXOFFICE_DATA_DIR"})
            env.remove(QString::fromLatin1(name));
        env.insert(QStringLiteral("BOXOFFICE_ADMIN_TOKEN"), QStringLiteral("override-test-token"));
        env.insert(variable, value);
        process.setProcessEnvironment(env);
        process.start(ServerProcess::binaryPath(),
                      {QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--listen"),
                       QStringLiteral("127.0.0.1"), QStringLiteral("--data-dir"), data.path(),
                       QStringLiteral("--database-url"), m_databaseUrl});
        const bool finished = process.waitForFinished(30000);
        if (!finished) {
            process.kill();
            process.waitForFinished(5000);
        }
        const QString out = QString::fromLocal8Bit(process.readAllStandardOutput());
        const QString err = QString::fromLocal8Bit(process.readAllStandardError());
        QVERIFY2(finished, qPrintable(QStringLiteral("%1=%2: expected an exit at start, it kept "
                                                     "running:\n%3%4")
                                          .arg(variable, value, out, err)));
        QVERIFY2(process.exitStatus() == QProcess::NormalExit && process.exitCode() == 2,
                 qPrintable(QStringLiteral("%1=%2: expected exit code 2, seen %3\n%4%5")
                                .arg(variable, value)
                                .arg(process.exitCode())
                                .arg(out, err)));
        QVERIFY2(
            err.contains(variable),
            qPrintable(QStringLiteral("expected %1 named on stderr, seen: %2").arg(variable, err)));
        QVERIFY2(!out.contains(QStringLiteral("listening")), qPrintable(out));
    }
};

QTEST_GUILESS_MAIN(TestFlagOverrides)
#include "tst_flagoverrides.moc"
