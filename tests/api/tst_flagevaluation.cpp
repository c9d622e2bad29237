// Evaluation of issue 12: every flag for a subject, rollouts by the documented
// bucket (SHA-256 of key/subject), the same answer everywhere and after a
// restart, monotonic and independent buckets, and preview agreeing with evaluate.
#include "apitestbench.h"
#include "flagapi.h"
#include "testdatabase.h"

#include <QSqlQuery>
#include <QtTest>

#include <memory>

class TestFlagEvaluation : public QObject
{
    Q_OBJECT

private:
    ApiTestBench m_bench;
    std::unique_ptr<FlagApi> m_flags;

    // Preview of a draft over many subjects, in pages of the allowed 1000; the
    // subjects inside, or a failure message in *problem.
    QSet<QString> insideOf(const QString &key, const QByteArray &draft, const QStringList &subjects,
                           QString *problem)
    {
        QSet<QString> inside;
        // Inside iff bucket < round(percent * 10), the contract's rule.
        const int threshold =
            qRound(FlagApi::parse(draft).toObject().value("percent").toDouble() * 10);
        for (qsizetype from = 0; from < subjects.size(); from += 1000) {
            const QStringList page = subjects.mid(from, 1000);
            const auto reply = m_flags->preview(key, page, draft);
            const QJsonObject body = reply.object();
            if (reply.status != 200 || body.value("subject_count").toInt() != page.size()) {
                *problem = QStringLiteral("preview %1 %2: %3")
                               .arg(key, QString::fromUtf8(draft), reply.describe());
                return {};
            }
            int counted = 0;
            for (const QJsonValue &row : body.value("subjects").toArray()) {
                const QString subject = row.toObject().value("subject").toString();
                if (row.toObject().value("bucket").toInt(-1) != FlagApi::bucket(key, subject)) {
                    *problem = QStringLiteral("%1/%2: the documented bucket is %3, preview says %4")
                                   .arg(key, subject)
                                   .arg(FlagApi::bucket(key, subject))
                                   .arg(FlagApi::compact(row));
                    return {};
                }
                const bool in = row.toObject().value("inside").toBool();
                if (in != (FlagApi::bucket(key, subject) < threshold)) {
                    *problem = QStringLiteral("%1/%2 at %3: bucket %4 is %5 the rollout, preview "
                                              "says %6")
                                   .arg(key, subject, QString::fromUtf8(draft))
                                   .arg(FlagApi::bucket(key, subject))
                                   .arg(in ? QStringLiteral("outside") : QStringLiteral("inside"))
                                   .arg(FlagApi::compact(row));
                    return {};
                }
                if (in) {
                    inside.insert(subject);
                    ++counted;
                }
            }
            if (body.value("inside_count").toInt() != counted) {
                *problem = QStringLiteral("inside_count %1, but %2 rows say inside")
                               .arg(body.value("inside_count").toInt())
                               .arg(counted);
                return {};
            }
        }
        return inside;
    }

    // Evaluate is served from the live snapshot, which follows a change within
    // 1 s (the contract's promise, also on the instance that made it).
    bool snapshotHas(const QStringList &present, const QStringList &absent = {})
    {
        const QJsonObject flags = m_flags->evaluate(QStringLiteral("settle-probe")).object();
        return std::all_of(present.begin(), present.end(),
                           [&](const QString &key) { return flags.contains(key); }) &&
               std::none_of(absent.begin(), absent.end(),
                            [&](const QString &key) { return flags.contains(key); });
    }

    QList<QJsonObject> evaluateAll(TestHttpClient &http, const QStringList &subjects)
    {
        FlagApi api(http);
        QList<QJsonObject> answers;
        for (const QString &subject : subjects) {
            const auto reply = api.evaluate(subject);
            if (reply.status != 200)
                qWarning().noquote() << "evaluate" << subject << reply.describe();
            answers << reply.object();
        }
        return answers;
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

    void plainValuesGoToEveryoneAndEveryFlagIsListed()
    {
        const QMap<QString, QByteArray> flags = {{"plain.string", R"("x")"},
                                                 {"plain.number", "3"},
                                                 {"plain.false", "false"},
                                                 {"plain.object", R"({"a":1,"b":[1,2]})"},
                                                 {"booking.max_seats", "25"}};
        for (auto it = flags.cbegin(); it != flags.cend(); ++it)
            QVERIFY(m_flags->set(it.key(), it.value()));
        QJsonObject expected;
        for (auto it = flags.cbegin(); it != flags.cend(); ++it)
            expected.insert(it.key(), FlagApi::parse(it.value()));
        QTRY_VERIFY_WITH_TIMEOUT(snapshotHas(expected.keys()), 1000);
        for (const QString &subject : {QStringLiteral("anyone"), QStringLiteral("user-42"),
                                       QStringLiteral("ünïcode ☃"), QString(200, 'z')}) {
            const auto reply = m_flags->evaluate(subject);
            QVERIFY2(reply.status == 200, qPrintable(reply.describe()));
            QVERIFY2(reply.object() == expected,
                     qPrintable(
                         QStringLiteral("subject %1: expected %2, seen %3")
                             .arg(subject.left(20), FlagApi::compact(expected), reply.describe())));
        }
        QVERIFY(m_flags->unset(QStringLiteral("booking.max_seats")));
    }

    void rolloutsGiveValueFallbackOrNothing()
    {
        QVERIFY(m_flags->set("roll.value",
                             R"({"percent":30,"value":{"v":"in"},"fallback":{"v":"out"},"x":1})"));
        QVERIFY(m_flags->set("roll.strip", R"({"theme":"dark","percent":30,"fallback":"light"})"));
        QVERIFY(m_flags->set("roll.absent", R"({"on":true,"percent":30})"));
        QVERIFY(m_flags->set(
            "ai:model",
            R"({"model":"claude-haiku-4.5","percent":1,"model_fallback":"claude-4-mini"})"));
        QVERIFY(m_flags->set("roll.mvalue",
                             R"({"percent":30,"value":{"model":"a","t":1},"model_fallback":"b"})"));
        QVERIFY(m_flags->set("roll.both",
                             R"({"percent":30,"model":"a","fallback":"F","model_fallback":"b"})"));
        QTRY_VERIFY_WITH_TIMEOUT(
            snapshotHas({"roll.value", "roll.strip", "ai:model", "roll.mvalue", "roll.both"},
                        {"booking.max_seats"}),
            1000);
        QStringList subjects = FlagApi::subjects(QStringLiteral("roll"), 120);
        // Buckets are over UTF-8 bytes.
        subjects.prepend(QStringLiteral("Zoë Ångström"));
        subjects.prepend(QStringLiteral("日本語"));
        subjects.prepend(QStringLiteral("🎟 7"));
        // Make sure the 1% canary has someone inside.
        for (int i = 0; FlagApi::bucket("ai:model", subjects.last()) >= 10; ++i)
            subjects.last() = QStringLiteral("canary-%1").arg(i);
        int insideSeen = 0, outsideSeen = 0;
        const QList<QJsonObject> answers = evaluateAll(m_bench.http(), subjects);
        for (int i = 0; i < subjects.size(); ++i) {
            const QString &s = subjects.at(i);
            QJsonObject expected{{"plain.string", "x"},
                                 {"plain.number", 3},
                                 {"plain.false", false},
                                 {"plain.object", FlagApi::parse(R"({"a":1,"b":[1,2]})")}};
            const auto in = [&](const char *key) { return FlagApi::bucket(key, s) < 300; };
            expected.insert("roll.value",
                            FlagApi::parse(in("roll.value") ? R"({"v":"in"})" : R"({"v":"out"})"));
            expected.insert("roll.strip", in("roll.strip") ? FlagApi::parse(R"({"theme":"dark"})")
                                                           : QJsonValue("light"));
            if (in("roll.absent"))
                expected.insert("roll.absent", FlagApi::parse(R"({"on":true})"));
            // Outside: the inside value with model_fallback as its model; fallback first.
            expected.insert("roll.mvalue",
                            FlagApi::parse(in("roll.mvalue") ? R"({"model":"a","t":1})"
                                                             : R"({"model":"b","t":1})"));
            expected.insert("roll.both",
                            in("roll.both") ? FlagApi::parse(R"({"model":"a"})") : QJsonValue("F"));
            const bool canary = FlagApi::bucket("ai:model", s) < 10;
            expected.insert("ai:model", FlagApi::parse(canary ? R"({"model":"claude-haiku-4.5"})"
                                                              : R"({"model":"claude-4-mini"})"));
            (in("roll.value") ? insideSeen : outsideSeen)++;
            QVERIFY2(answers.at(i) == expected,
                     qPrintable(
                         QStringLiteral("subject %1: expected %2, seen %3")
                             .arg(s, FlagApi::compact(expected), FlagApi::compact(answers.at(i)))));
        }
        QVERIFY2(insideSeen > 0 && outsideSeen > 0, "the sample should have both kinds");
    }

    void theSameSubjectGetsTheSameAnswerEverywhereAndAfterARestart()
    {
        const QStringList subjects = FlagApi::subjects(QStringLiteral("stable"), 40);
        const QList<QJsonObject> first = evaluateAll(m_bench.http(), subjects);
        QCOMPARE(evaluateAll(m_bench.http(), subjects), first);

        ServerProcess second;
        second.setDatabaseUrl(m_bench.databaseUrl());
        QVERIFY2(second.start(), qPrintable(second.errorString()));
        {
            TestHttpClient http(second.baseUrl(), second.adminToken());
            const QList<QJsonObject> onSecond = evaluateAll(http, subjects);
            for (int i = 0; i < subjects.size(); ++i)
                QVERIFY2(onSecond.at(i) == first.at(i),
                         qPrintable(QStringLiteral("%1: first server %2, second %3")
                                        .arg(subjects.at(i), FlagApi::compact(first.at(i)),
                                             FlagApi::compact(onSecond.at(i)))));
        }
        QVERIFY2(second.stop(), qPrintable(second.errorString()));
        QVERIFY2(second.start(), qPrintable(second.errorString()));
        TestHttpClient http(second.baseUrl(), second.adminToken());
        const QList<QJsonObject> restarted = evaluateAll(http, subjects);
        for (int i = 0; i < subjects.size(); ++i)
            QVERIFY2(restarted.at(i) == first.at(i),
                     qPrintable(QStringLiteral("%1: before the restart %2, after %3")
                                    .arg(subjects.at(i), FlagApi::compact(first.at(i)),
                                         FlagApi::compact(restarted.at(i)))));
        QVERIFY2(second.stop(), qPrintable(second.errorString()));
    }

    void raisingThePercentOnlyAddsSubjects()
    {
        const QStringList subjects = FlagApi::subjects(QStringLiteral("mono"), 2000);
        QString problem;
        const QSet<QString> at5 = insideOf("mono.flag", R"({"percent":5})", subjects, &problem);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        const QSet<QString> at6 = insideOf("mono.flag", R"({"percent":6})", subjects, &problem);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        const QSet<QString> lost = at5 - at6;
        QVERIFY2(lost.isEmpty(),
                 qPrintable(QStringLiteral("%1 subjects inside at 5% are outside at 6%, e.g. %2")
                                .arg(lost.size())
                                .arg(lost.isEmpty() ? QString() : *lost.begin())));
        QVERIFY2(
            at6.size() > at5.size(),
            qPrintable(QStringLiteral("5%: %1, 6%: %2 inside").arg(at5.size()).arg(at6.size())));
    }

    void theShareInsideIsThePercent()
    {
        const QStringList subjects = FlagApi::subjects(QStringLiteral("share"), 2000);
        QString problem;
        const QSet<QString> inside =
            insideOf("share.flag", R"({"percent":10})", subjects, &problem);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        const double share = 100.0 * inside.size() / subjects.size();
        // Fractions of a point follow the same rule (checked row by row in insideOf).
        for (const QByteArray &draft :
             {QByteArray(R"({"percent":0.1})"), QByteArray(R"({"percent":12.3})"),
              QByteArray(R"({"percent":99.9})")}) {
            insideOf("share.flag", draft, subjects.mid(0, 1000), &problem);
            QVERIFY2(problem.isEmpty(), qPrintable(problem));
        }
        QVERIFY2(share >= 7 && share <= 13,
                 qPrintable(QStringLiteral("expected 10% ± 3 inside, seen %1%").arg(share)));
    }

    void twoFlagsBucketIndependently()
    {
        const QStringList subjects = FlagApi::subjects(QStringLiteral("pair"), 2000);
        QString problem;
        const QSet<QString> a = insideOf("pair.a", R"({"percent":50})", subjects, &problem);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        const QSet<QString> b = insideOf("pair.b", R"({"percent":50})", subjects, &problem);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        const double both = 100.0 * (a & b).size() / subjects.size();
        QVERIFY2(both >= 21 && both <= 29,
                 qPrintable(QStringLiteral("expected 25% ± 4 inside both, seen %1% (a %2, b %3)")
                                .arg(both)
                                .arg(a.size())
                                .arg(b.size())));
    }

    void previewAgreesWithEvaluateSubjectBySubject()
    {
        QVERIFY(m_flags->set("agree.flag", R"({"percent":40,"value":"in","fallback":"out"})"));
        QTRY_VERIFY_WITH_TIMEOUT(snapshotHas({"agree.flag"}), 1000);
        const QStringList subjects = FlagApi::subjects(QStringLiteral("agree"), 60);
        const auto reply = m_flags->preview("agree.flag", subjects);
        QVERIFY2(reply.status == 200, qPrintable(reply.describe()));
        const QJsonObject preview = reply.object();
        QCOMPARE(preview.keys(),
                 (QStringList{"inside_count", "key", "percent", "subject_count", "subjects"}));
        QCOMPARE(preview.value("key").toString(), QStringLiteral("agree.flag"));
        QCOMPARE(preview.value("percent").toDouble(), 40.0);
        QCOMPARE(preview.value("subject_count").toInt(), 60);
        const QJsonArray rows = preview.value("subjects").toArray();
        QCOMPARE(rows.size(), 60);
        const QList<QJsonObject> evaluated = evaluateAll(m_bench.http(), subjects);
        int inside = 0;
        for (int i = 0; i < rows.size(); ++i) {
            const QJsonObject row = rows.at(i).toObject();
            QCOMPARE(row.keys(), (QStringList{"bucket", "inside", "subject", "value"}));
            QCOMPARE(row.value("subject").toString(), subjects.at(i));
            QVERIFY2(row.value("value") == evaluated.at(i).value("agree.flag"),
                     qPrintable(QStringLiteral("%1: preview %2, evaluate %3")
                                    .arg(subjects.at(i), FlagApi::compact(row),
                                         FlagApi::compact(evaluated.at(i).value("agree.flag")))));
            QCOMPARE(row.value("inside").toBool(), row.value("value") == QJsonValue("in"));
            inside += row.value("inside").toBool() ? 1 : 0;
        }
        QCOMPARE(preview.value("inside_count").toInt(), inside);

        // Not a rollout: no bucket, everyone inside.
        const auto plain = m_flags->preview("plain.string", QStringList{"a", "b"});
        QVERIFY2(plain.status == 200, qPrintable(plain.describe()));
        QVERIFY2(plain.object().value("percent").isNull(), qPrintable(plain.describe()));
        QCOMPARE(plain.object().value("inside_count").toInt(), 2);
        for (const QJsonValue &row : plain.object().value("subjects").toArray()) {
            QVERIFY2(row.toObject().value("bucket").isNull(), qPrintable(FlagApi::compact(row)));
            QCOMPARE(row.toObject().value("inside"), QJsonValue(true));
            QCOMPARE(row.toObject().value("value"), QJsonValue("x"));
        }
    }

    void previewOfADraftStoresNothing()
    {
        const QStringList keys = {"agree.flag", "draft.new"};
        const QString before = m_flags->state(keys);
        const qint64 rows = m_bench.sqlValue("SELECT count(*) FROM feature_flag_history");
        const QJsonValue forA = m_flags->evaluate("a").object().value("agree.flag");
        const auto existing = m_flags->preview("agree.flag", QStringList{"a", "b", "c"},
                                               R"({"percent":100,"value":"draft"})");
        QVERIFY2(existing.status == 200, qPrintable(existing.describe()));
        QCOMPARE(existing.object().value("inside_count").toInt(), 3);
        QCOMPARE(existing.object().value("percent").toDouble(-1), 100.0); // the draft's, not 40
        QCOMPARE(existing.object().value("subjects").toArray().at(0).toObject().value("value"),
                 QJsonValue("draft"));
        const auto fresh = m_flags->preview("draft.new", QStringList{"a"}, R"({"percent":0})");
        QVERIFY2(fresh.status == 200, qPrintable(fresh.describe()));
        QCOMPARE(fresh.object().value("inside_count").toInt(), 0);
        QCOMPARE(fresh.object().value("percent").toDouble(-1), 0.0);
        QVERIFY2(
            fresh.object().value("subjects").toArray().at(0).toObject().value("value").isNull(),
            qPrintable(fresh.describe()));
        QCOMPARE(m_flags->state(keys), before);
        QCOMPARE(m_bench.sqlValue("SELECT count(*) FROM feature_flag_history"), rows);
        QVERIFY2(!m_flags->evaluate("a").object().contains("draft.new"), "the draft was stored");
        QCOMPARE(m_flags->evaluate("a").object().value("agree.flag"), forA);
    }

    // Last: it stops PostgreSQL. Evaluate and /config read only the snapshot,
    // so they answer, with the same values, while the database is down.
    void evaluateAndConfigNeedNoDatabase()
    {
        const QStringList subjects = FlagApi::subjects(QStringLiteral("outage"), 10);
        const QList<QJsonObject> before = evaluateAll(m_bench.http(), subjects);
        const QJsonObject config = m_flags->config().object();
        QVERIFY2(TestDatabase::instance().stopServer(),
                 qPrintable(TestDatabase::instance().errorString()));
        const auto health = m_bench.http().get(QStringLiteral("/health"));
        QVERIFY2(health.status == 503,
                 qPrintable("the database should be down: " + health.describe()));
        for (int i = 0; i < subjects.size(); ++i) {
            const auto reply = m_flags->evaluate(subjects.at(i));
            QVERIFY2(
                reply.status == 200 && reply.object() == before.at(i),
                qPrintable(
                    QStringLiteral("%1 with the database down: expected 200 %2, seen %3")
                        .arg(subjects.at(i), FlagApi::compact(before.at(i)), reply.describe())));
        }
        const auto down = m_flags->config();
        QVERIFY2(down.status == 200 && down.object() == config,
                 qPrintable(QStringLiteral("/config with the database down: expected 200 %1, "
                                           "seen %2")
                                .arg(FlagApi::compact(config), down.describe())));
        QVERIFY2(TestDatabase::instance().startServer(),
                 qPrintable(TestDatabase::instance().errorString()));
        QTRY_COMPARE_WITH_TIMEOUT(m_bench.http().get(QStringLiteral("/health")).status, 200, 30000);
        // The test's own connection died with PostgreSQL but still says it is
        // open; closed, the next TestDatabase::open() connects again.
        TestDatabase::open(m_bench.databaseUrl()).close();
    }
};

QTEST_GUILESS_MAIN(TestFlagEvaluation)
#include "tst_flagevaluation.moc"
