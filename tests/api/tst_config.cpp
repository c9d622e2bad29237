// GET /config: the limits a client validates with, public and without a
// database round trip; the configurable ones follow the server's options.
#include "apilimits.h"
#include "apitestbench.h"

#include <QtTest>

class TestConfig : public QObject
{
    Q_OBJECT

private:
    ApiTestBench m_bench;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_bench.start({QStringLiteral("--max-seats-per-booking"), QStringLiteral("7"),
                                QStringLiteral("--hold-seconds"), QStringLiteral("45")}),
                 qPrintable(m_bench.errorString()));
    }

    void cleanupTestCase()
    {
        const QString problem = m_bench.finish();
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    void configListsEveryLimit()
    {
        const auto reply = m_bench.http().get(QStringLiteral("/config"));
        QVERIFY2(reply.status == 200, qPrintable(reply.describe()));
        const QJsonObject config = reply.object();
        const QStringList expected = {"currency",
                                      "hold_seconds",
                                      "max_idempotency_key_length",
                                      "max_seats_per_booking",
                                      "max_show_name_length",
                                      "max_total_seats",
                                      "max_user_name_length",
                                      "paused_show_ids",
                                      "public_booking",
                                      "reference_length",
                                      "sales_paused",
                                      "version"};
        QVERIFY2(config.keys() == expected,
                 qPrintable(QStringLiteral("expected keys %1, seen %2")
                                .arg(expected.join(','), config.keys().join(','))));
        QCOMPARE(config.value("max_user_name_length").toInt(), Limits::kMaxUserNameLength);
        QCOMPARE(config.value("max_show_name_length").toInt(), Limits::kMaxShowNameLength);
        QCOMPARE(config.value("max_total_seats").toInt(), Limits::kMaxTotalSeats);
        QCOMPARE(config.value("max_idempotency_key_length").toInt(),
                 Limits::kMaxIdempotencyKeyLength);
        QCOMPARE(config.value("reference_length").toInt(), Limits::kReferenceLength);
        QCOMPARE(config.value("version").toString(), QStringLiteral(BOXOFFICE_VERSION));
    }

    void configurableLimitsFollowTheServersOptions()
    {
        const auto reply = m_bench.http().get(QStringLiteral("/config"));
        QVERIFY2(reply.status == 200, qPrintable(reply.describe()));
        QCOMPARE(reply.object().value("max_seats_per_booking").toInt(), 7);
        QCOMPARE(reply.object().value("hold_seconds").toInt(), 45);
    }

    void theServerEnforcesWhatConfigSays()
    {
        const qint64 show = m_bench.createShow(QStringLiteral("Config"), 20);
        QVERIFY(show > 0);
        const auto atLimit = m_bench.book(show, QStringLiteral("Ann"), 7);
        QVERIFY2(atLimit.status == 201, qPrintable(atLimit.describe()));
        const QJsonObject booking = atLimit.object();
        const QDateTime created =
            QDateTime::fromString(booking.value("created_at").toString(), Qt::ISODateWithMs);
        const QDateTime expires =
            QDateTime::fromString(booking.value("expires_at").toString(), Qt::ISODateWithMs);
        const qint64 holdMs = created.msecsTo(expires);
        QVERIFY2(holdMs > 44000 && holdMs <= 45000,
                 qPrintable(QStringLiteral("expected a 45 s hold, seen %1 ms in %2")
                                .arg(holdMs)
                                .arg(atLimit.describe())));
        const auto overLimit = m_bench.book(show, QStringLiteral("Bo"), 8);
        QVERIFY2(overLimit.status == 400 &&
                     overLimit.object().value("code").toString() == "out_of_range",
                 qPrintable(overLimit.describe()));
    }

    void configNeedsNoAdminToken()
    {
        const auto reply = m_bench.http().send("GET", QStringLiteral("/config"), {}, {});
        QVERIFY2(reply.status == 200, qPrintable(reply.describe()));
        QVERIFY2(reply.header("Content-Type").startsWith("application/json"),
                 qPrintable(reply.describe()));
    }
};

QTEST_GUILESS_MAIN(TestConfig)
#include "tst_config.moc"
