// GET /metrics: admin-only on the API port, the Prometheus text format, and
// counters that move by exactly what was done (bookings by the changes made,
// so a retried confirm or cancel counts once; requests by route pattern, hold
// expiry and its lag); --metrics-listen serves the same
// text without a token on a port of its own and nothing else there.
#include "apitestbench.h"
#include "metricstext.h"

#include <QProcess>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

class TestMetrics : public QObject
{
    Q_OBJECT

private:
    ApiTestBench m_bench;

    MetricsText scrape()
    {
        const auto reply = m_bench.http().get(QStringLiteral("/metrics"), true);
        if (reply.status != 200)
            qWarning() << "GET /metrics:" << reply.describe();
        return MetricsText::parse(reply.body);
    }

    static double requests(const MetricsText &metrics, const QString &method, const QString &route,
                           int status)
    {
        return metrics.value(QStringLiteral("boxoffice_http_requests_total"),
                             {{QStringLiteral("method"), method},
                              {QStringLiteral("route"), route},
                              {QStringLiteral("status"), QString::number(status)}});
    }

    static double bookings(const MetricsText &metrics, const char *outcome)
    {
        return metrics.value(QStringLiteral("boxoffice_bookings_total"),
                             {{QStringLiteral("outcome"), QString::fromLatin1(outcome)}});
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_bench.start({QStringLiteral("--metrics-listen"), QStringLiteral("127.0.0.1:0")}),
                 qPrintable(m_bench.errorString()));
    }

    void cleanupTestCase()
    {
        const QString problem = m_bench.endStateProblem();
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    void metricsNeedTheAdminToken()
    {
        const auto anonymous = m_bench.http().get(QStringLiteral("/metrics"));
        QVERIFY2(anonymous.status == 401, qPrintable(anonymous.describe()));
        QCOMPARE(anonymous.object().value(QStringLiteral("code")).toString(),
                 QStringLiteral("unauthorized"));
        const auto admin = m_bench.http().get(QStringLiteral("/metrics"), true);
        QVERIFY2(admin.status == 200, qPrintable(admin.describe()));
        QVERIFY2(admin.header("Content-Type").startsWith("text/plain; version=0.0.4"),
                 admin.header("Content-Type").constData());
    }

    void textParsesLineByLine()
    {
        // Something in every family first, so the histograms have samples too.
        QCOMPARE(m_bench.http().get(QStringLiteral("/shows")).status, 200);
        const auto reply = m_bench.http().get(QStringLiteral("/metrics"), true);
        QCOMPARE(reply.status, 200);
        const MetricsText metrics = MetricsText::parse(reply.body);
        QVERIFY2(metrics.problems().isEmpty(), qPrintable(metrics.problems().join('\n')));
        for (const char *family :
             {"boxoffice_build_info", "boxoffice_http_requests_total",
              "boxoffice_http_request_duration_seconds", "boxoffice_http_open_connections",
              "boxoffice_http_dropped_responses_total", "boxoffice_bookings_total",
              "boxoffice_hold_expiry_lag_seconds", "boxoffice_db_queue_depth",
              "boxoffice_db_queue_wait_seconds", "boxoffice_db_workers",
              "boxoffice_db_errors_total"})
            QVERIFY2(!metrics.type(QString::fromLatin1(family)).isEmpty(), family);
        QCOMPARE(metrics.type(QStringLiteral("boxoffice_http_request_duration_seconds")),
                 QStringLiteral("histogram"));
        QCOMPARE(metrics.type(QStringLiteral("boxoffice_bookings_total")),
                 QStringLiteral("counter"));
        QVERIFY2(metrics.value(QStringLiteral("boxoffice_db_workers")) >= 1, "workers counted");
        // This scrape's own connection is open while it is answered.
        QVERIFY(metrics.value(QStringLiteral("boxoffice_http_open_connections")) >= 1);
    }

    void buildInfoNamesTheVersion()
    {
        const MetricsText metrics = scrape();
        const auto series = metrics.series(QStringLiteral("boxoffice_build_info"));
        QCOMPARE(series.size(), 1);
        QCOMPARE(series.first().value(QStringLiteral("version")),
                 QStringLiteral(BOXOFFICE_VERSION));
        QCOMPARE(series.first().value(QStringLiteral("qt_version")),
                 QString::fromLatin1(qVersion()));
        QCOMPARE(metrics.value(QStringLiteral("boxoffice_build_info"), series.first()), 1.0);
    }

    void bookingCountersRiseByExactlyWhatWasDone()
    {
        const qint64 showId = m_bench.createShow(QStringLiteral("Counted"), 10);
        QVERIFY(showId > 0);
        const MetricsText before = scrape();
        QList<qint64> ids;
        for (int i = 0; i < 4; ++i) {
            const qint64 id = m_bench.bookOk(showId, QStringLiteral("Guest %1").arg(i), 2);
            QVERIFY(id > 0);
            ids << id;
        }
        for (int i = 0; i < 3; ++i) {
            const auto confirmed =
                m_bench.http().post(QStringLiteral("/bookings/%1/confirm").arg(ids.at(i)), {});
            QVERIFY2(confirmed.status == 200, qPrintable(confirmed.describe()));
        }
        const auto cancelled =
            m_bench.http().post(QStringLiteral("/bookings/%1/cancel").arg(ids.at(3)), {});
        QVERIFY2(cancelled.status == 200, qPrintable(cancelled.describe()));
        // 6 of 10 seats are taken: 5 more is within the per-booking limit but too many.
        const auto refused = m_bench.book(showId, QStringLiteral("Too many"), 5);
        QVERIFY2(refused.status == 409, qPrintable(refused.describe()));
        QCOMPARE(refused.object().value(QStringLiteral("code")).toString(),
                 QStringLiteral("not_enough_seats"));
        const MetricsText after = scrape();

        QCOMPARE(bookings(after, "held") - bookings(before, "held"), 4.0);
        QCOMPARE(bookings(after, "confirmed") - bookings(before, "confirmed"), 3.0);
        QCOMPARE(bookings(after, "cancelled") - bookings(before, "cancelled"), 1.0);
        QCOMPARE(bookings(after, "refused_seats") - bookings(before, "refused_seats"), 1.0);
        const QString book = QStringLiteral("/shows/:id/book");
        QCOMPARE(requests(after, "POST", book, 201) - requests(before, "POST", book, 201), 4.0);
        QCOMPARE(requests(after, "POST", book, 409) - requests(before, "POST", book, 409), 1.0);
        const QString confirm = QStringLiteral("/bookings/:id/confirm");
        QCOMPARE(requests(after, "POST", confirm, 200) - requests(before, "POST", confirm, 200),
                 3.0);
    }

    void retriedConfirmAndCancelCountOnce()
    {
        const qint64 showId = m_bench.createShow(QStringLiteral("Retried"), 10);
        QVERIFY(showId > 0);
        const qint64 toConfirm = m_bench.bookOk(showId, QStringLiteral("Twice sure"), 1);
        const qint64 toCancel = m_bench.bookOk(showId, QStringLiteral("Twice gone"), 1);
        QVERIFY(toConfirm > 0 && toCancel > 0);
        const MetricsText before = scrape();
        // A client that lost the first answer sends the same call again and
        // hears 200 again; the booking changed once.
        for (int i = 0; i < 2; ++i) {
            const auto confirmed =
                m_bench.http().post(QStringLiteral("/bookings/%1/confirm").arg(toConfirm), {});
            QVERIFY2(confirmed.status == 200, qPrintable(confirmed.describe()));
            const auto cancelled =
                m_bench.http().post(QStringLiteral("/bookings/%1/cancel").arg(toCancel), {});
            QVERIFY2(cancelled.status == 200, qPrintable(cancelled.describe()));
        }
        const MetricsText after = scrape();
        QCOMPARE(bookings(after, "confirmed") - bookings(before, "confirmed"), 1.0);
        QCOMPARE(bookings(after, "cancelled") - bookings(before, "cancelled"), 1.0);
    }

    void overdueHoldFoundBySettleCountsAsExpired_data()
    {
        QTest::addColumn<QString>("action");
        QTest::newRow("confirm") << QStringLiteral("confirm");
        QTest::newRow("cancel") << QStringLiteral("cancel");
    }

    void overdueHoldFoundBySettleCountsAsExpired()
    {
        QFETCH(QString, action);
        const qint64 showId = m_bench.createShow(QStringLiteral("Overdue ") + action, 5);
        QVERIFY(showId > 0);
        const qint64 id = m_bench.bookOk(showId, QStringLiteral("Too late"), 2);
        QVERIFY(id > 0);
        // The deadline moved into the past behind the server's back: its sweep
        // stays armed for the hold's real deadline minutes away, so the call
        // below is what finds the hold overdue (if a backstop sweep got there
        // first, it counts the expiry, and the totals are the same).
        QCOMPARE(
            m_bench.sqlValue(
                QStringLiteral("WITH moved AS (UPDATE bookings SET expires_at = clock_timestamp()"
                               " - interval '1 second' WHERE id = %1 RETURNING 1)"
                               " SELECT count(*) FROM moved")
                    .arg(id)),
            1);
        const MetricsText before = scrape();
        const auto refused =
            m_bench.http().post(QStringLiteral("/bookings/%1/%2").arg(id).arg(action), {});
        QVERIFY2(refused.status == 409, qPrintable(refused.describe()));
        QCOMPARE(refused.object().value(QStringLiteral("code")).toString(),
                 QStringLiteral("booking_expired"));
        const MetricsText after = scrape();
        QCOMPARE(bookings(after, "expired") - bookings(before, "expired"), 1.0);
        QCOMPARE(bookings(after, "confirmed") - bookings(before, "confirmed"), 0.0);
        QCOMPARE(bookings(after, "cancelled") - bookings(before, "cancelled"), 0.0);
        QCOMPARE(m_bench.show(showId).value(QStringLiteral("available_seats")).toInt(), 5);
    }

    void cancellingAShowCountsItsBookingsCancelled()
    {
        const qint64 showId = m_bench.createShow(QStringLiteral("Called off"), 10);
        QVERIFY(showId > 0);
        QVERIFY(m_bench.bookOk(showId, QStringLiteral("First"), 2) > 0);
        QVERIFY(m_bench.bookOk(showId, QStringLiteral("Second"), 3) > 0);
        const MetricsText before = scrape();
        const QString path = QStringLiteral("/admin/shows/%1").arg(showId);
        const auto cancelled = m_bench.http().remove(path);
        QVERIFY2(cancelled.status == 200, qPrintable(cancelled.describe()));
        QCOMPARE(cancelled.object().value(QStringLiteral("cancelled_bookings")).toInt(), 2);
        // Cancelling it again ends no booking.
        const auto again = m_bench.http().remove(path);
        QVERIFY2(again.status == 200, qPrintable(again.describe()));
        QCOMPARE(again.object().value(QStringLiteral("cancelled_bookings")).toInt(), 0);
        const MetricsText after = scrape();
        QCOMPARE(bookings(after, "cancelled") - bookings(before, "cancelled"), 2.0);
    }

    void unknownPathCountsAsUnmatched()
    {
        const MetricsText before = scrape();
        const auto missing = m_bench.http().get(QStringLiteral("/no/such/thing/42"));
        QCOMPARE(missing.status, 404);
        const MetricsText after = scrape();
        const QString unmatched = QStringLiteral("unmatched");
        QCOMPARE(requests(after, "GET", unmatched, 404) - requests(before, "GET", unmatched, 404),
                 1.0);
        // The path itself is never a label value.
        for (const auto &labels : after.series(QStringLiteral("boxoffice_http_requests_total")))
            QVERIFY2(!labels.value(QStringLiteral("route")).contains(QLatin1String("such")),
                     qPrintable(labels.value(QStringLiteral("route"))));
    }

    void durationCountMatchesRequestsCounted()
    {
        QCOMPARE(m_bench.http().get(QStringLiteral("/shows")).status, 200);
        QCOMPARE(m_bench.http().get(QStringLiteral("/health")).status, 200);
        const MetricsText metrics = scrape();
        const QString duration = QStringLiteral("boxoffice_http_request_duration_seconds_count");
        const auto series = metrics.series(duration);
        QVERIFY(series.size() >= 3);
        for (const auto &labels : series) {
            const double counted =
                metrics.sum(QStringLiteral("boxoffice_http_requests_total"), labels);
            QVERIFY2(counted == metrics.value(duration, labels),
                     qPrintable(QStringLiteral("%1 %2: %3 requests counted, duration count %4")
                                    .arg(labels.value(QStringLiteral("method")),
                                         labels.value(QStringLiteral("route")))
                                    .arg(counted)
                                    .arg(metrics.value(duration, labels))));
        }
    }

    void openConnectionsFollowClients()
    {
        const double before = scrape().value(QStringLiteral("boxoffice_http_open_connections"));
        std::vector<std::unique_ptr<QTcpSocket>> clients;
        for (int i = 0; i < 3; ++i) {
            clients.push_back(std::make_unique<QTcpSocket>());
            clients.back()->connectToHost(QHostAddress::LocalHost, m_bench.server().port());
            QVERIFY(clients.back()->waitForConnected(5000));
        }
        QTRY_VERIFY_WITH_TIMEOUT(
            scrape().value(QStringLiteral("boxoffice_http_open_connections")) >= before + 3, 5000);
        const double open = scrape().value(QStringLiteral("boxoffice_http_open_connections"));
        clients.clear();
        QTRY_VERIFY_WITH_TIMEOUT(
            scrape().value(QStringLiteral("boxoffice_http_open_connections")) <= open - 3, 5000);
    }

    void metricsPortAnswersWithoutTokenAndNothingElse()
    {
        const quint16 port = m_bench.server().metricsPort();
        QVERIFY2(port > 0, qPrintable(m_bench.server().output()));
        QVERIFY(port != m_bench.server().port());
        TestHttpClient scraper(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port)));
        const auto metrics = scraper.get(QStringLiteral("/metrics"));
        QVERIFY2(metrics.status == 200, qPrintable(metrics.describe()));
        QVERIFY(metrics.header("Content-Type").startsWith("text/plain; version=0.0.4"));
        const MetricsText parsed = MetricsText::parse(metrics.body);
        QVERIFY2(parsed.problems().isEmpty(), qPrintable(parsed.problems().join('\n')));
        QVERIFY(parsed.has(QStringLiteral("boxoffice_bookings_total"),
                           {{QStringLiteral("outcome"), QStringLiteral("held")}}));
        for (const QString &path : {QStringLiteral("/shows"), QStringLiteral("/health"),
                                    QStringLiteral("/admin/routes"), QStringLiteral("/")}) {
            const auto other = scraper.get(path);
            QVERIFY2(other.status == 404, qPrintable(path + QLatin1Char(' ') + other.describe()));
            QCOMPARE(other.object().value(QStringLiteral("code")).toString(),
                     QStringLiteral("not_found"));
        }
        const auto posted = scraper.post(QStringLiteral("/metrics"), {});
        QVERIFY2(posted.status == 405, qPrintable(posted.describe()));
    }

    void badMetricsListenExitsWith2_data()
    {
        QTest::addColumn<QString>("value");
        QTest::addColumn<bool>("fromEnvironment");
        QTest::newRow("no port") << "127.0.0.1" << false;
        QTest::newRow("port too big") << "127.0.0.1:70000" << false;
        QTest::newRow("not a number") << "127.0.0.1:http" << false;
        QTest::newRow("host name") << "localhost:9100" << false;
        QTest::newRow("ipv6 without brackets") << "::1:9100" << false;
        QTest::newRow("empty host") << ":9100" << false;
        QTest::newRow("environment") << "nonsense" << true;
    }

    void badMetricsListenExitsWith2()
    {
        QFETCH(QString, value);
        QFETCH(bool, fromEnvironment);
        // Should the value ever be taken, the server starts its embedded
        // cluster here, never in the default data directory.
        QTemporaryDir data;
        QVERIFY(data.isValid());
        QProcess server;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        QStringList arguments{QStringLiteral("--port"), QStringLiteral("0"),
                              QStringLiteral("--data-dir"), data.path()};
        if (fromEnvironment)
            env.insert(QStringLiteral("BOXOFFICE_METRICS_LISTEN"), value);
        else
            arguments << QStringLiteral("--metrics-listen") << value;
        server.setProcessEnvironment(env);
        server.setProcessChannelMode(QProcess::MergedChannels);
        server.start(ServerProcess::binaryPath(), arguments);
        QVERIFY(server.waitForFinished(30000));
        const QString output = QString::fromLocal8Bit(server.readAll());
        QCOMPARE(server.exitCode(), 2);
        QVERIFY2(output.contains(QLatin1String("--metrics-listen")), qPrintable(output));
    }

    void expiredHoldIsCountedWithItsLag()
    {
        // A server of its own with the shortest hold, so no other test races it.
        ApiTestBench shortHolds;
        QVERIFY2(shortHolds.start({QStringLiteral("--hold-seconds"), QStringLiteral("1")}),
                 qPrintable(shortHolds.errorString()));
        const auto scrapeShort = [&shortHolds] {
            return MetricsText::parse(shortHolds.http().get(QStringLiteral("/metrics"), true).body);
        };
        const qint64 showId = shortHolds.createShow(QStringLiteral("Short"), 5);
        QVERIFY(showId > 0);
        const MetricsText before = scrapeShort();
        const QString lagCount = QStringLiteral("boxoffice_hold_expiry_lag_seconds_count");
        const QString lagSum = QStringLiteral("boxoffice_hold_expiry_lag_seconds_sum");
        QVERIFY(shortHolds.bookOk(showId, QStringLiteral("Late"), 2) > 0);
        // Its deadline is 1 s away; the promise is a release within 1 s of it.
        QTRY_COMPARE_WITH_TIMEOUT(bookings(scrapeShort(), "expired") - bookings(before, "expired"),
                                  1.0, 6000);
        const MetricsText after = scrapeShort();
        QCOMPARE(after.value(lagCount) - before.value(lagCount), 1.0);
        const double lag = after.value(lagSum) - before.value(lagSum);
        QVERIFY2(lag >= 0 && lag <= 1.0, qPrintable(QStringLiteral("lag %1 s").arg(lag)));
        QCOMPARE(shortHolds.show(showId).value(QStringLiteral("available_seats")).toInt(), 5);
        const QString problem = shortHolds.finish();
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }
};

QTEST_GUILESS_MAIN(TestMetrics)
#include "tst_metrics.moc"
