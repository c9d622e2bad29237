// A seeded negative fuzzer: thousands of hostile requests across every endpoint, each
// on its own connection. Every one must be answered exactly once, with a 4xx JSON
// error, and none may change the database or stop the server.
//
// Replay: BOXOFFICE_FUZZ_SEED=<seed printed> (and BOXOFFICE_FUZZ_CATEGORY=<name> to
// run one category, BOXOFFICE_FUZZ_PER_CATEGORY=<n> for another size).
#include "apilimits.h"
#include "apitestbench.h"
#include "hostilerequests.h"
#include "rawexchange.h"
#include "testdatabase.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QMap>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QtTest>

namespace {
constexpr quint32 kDefaultSeed = 20261211;
constexpr int kDefaultPerCategory = 253; // 16 categories: about 4 000 requests
constexpr int kConcurrency = 8;
// The server closes a silent connection after its idle timeout (2 s here); an
// exchange still open well after that counts as hanging.
constexpr int kExchangeTimeoutMs = 20000;

// Bytes as a C string literal, shortened, for byte-exact failure reports.
QString escaped(const QByteArray &bytes, int max = 600)
{
    QString text;
    for (const char c : bytes.left(max)) {
        if (c == '\r')
            text += QStringLiteral("\\r");
        else if (c == '\n')
            text += QStringLiteral("\\n");
        else if (c == '"' || c == '\\')
            text += QStringLiteral("\\") + QLatin1Char(c);
        else if (uchar(c) < 0x20 || uchar(c) >= 0x7f)
            text += QStringLiteral("\\x%1").arg(uchar(c), 2, 16, QLatin1Char('0'));
        else
            text += QLatin1Char(c);
    }
    if (bytes.size() > max)
        text += QStringLiteral("...(%1 bytes)").arg(bytes.size());
    return text;
}

// What is wrong with the server's reaction to one hostile request; empty when right.
QString problemWith(const RawExchange::Outcome &outcome)
{
    if (outcome.timedOut)
        return QStringLiteral("the exchange did not end (no close) within %1 ms")
            .arg(kExchangeTimeoutMs);
    if (outcome.answers.size() != 1)
        return QStringLiteral("%1 answers").arg(outcome.answers.size());
    const RawExchange::Answer &answer = outcome.answers.first();
    if (answer.status < 400 || answer.status > 499)
        return QStringLiteral("status %1, expected 4xx").arg(answer.status);
    const QJsonObject body = QJsonDocument::fromJson(answer.body).object();
    if (!body.value(QStringLiteral("error")).isString() ||
        !body.value(QStringLiteral("code")).isString())
        return QStringLiteral("the body is not a JSON error with string error and code");
    if (!outcome.leftover.isEmpty())
        return QStringLiteral("%1 bytes after the answer").arg(outcome.leftover.size());
    return {};
}

// "GET /shows/121" and "GET /shows/:id" are one endpoint in the counts.
QString generic(const QString &endpoint)
{
    static const QRegularExpression id(QStringLiteral("/\\d+(?=/|\\?|$| )"));
    return QString(endpoint).replace(id, QStringLiteral("/:id"));
}

struct CategoryReport
{
    int sent = 0;
    int refused = 0;
    bool databaseChanged = false;
    QMap<int, int> statuses; // status of the first answer -> count (0: none)
    QMap<QString, int> problems;
    QStringList examples;
};
} // namespace

class TestNegativeFuzzer : public QObject
{
    Q_OBJECT

private:
    ApiTestBench m_bench;
    HostileRequests::Targets m_targets;

    // An md5 over every row of the tables a request could change.
    QString checksum()
    {
        QSqlQuery query(TestDatabase::open(m_bench.databaseUrl()));
        const bool ok = query.exec(QStringLiteral(
            "SELECT md5(concat_ws('#',"
            " (SELECT string_agg(s::text, '|' ORDER BY s.id) FROM shows s),"
            " (SELECT string_agg(b::text, '|' ORDER BY b.id) FROM bookings b),"
            " (SELECT string_agg(k::text, '|' ORDER BY k.key) FROM idempotency_keys k),"
            " (SELECT string_agg(f::text, '|' ORDER BY f.key) FROM feature_flags f),"
            " (SELECT string_agg(h::text, '|' ORDER BY h.id) FROM feature_flag_history h)))"));
        return ok && query.next() ? query.value(0).toString() : QString();
    }

private Q_SLOTS:
    // Fresh rows for one category, so what one category wrongly changed (a booking
    // confirmed through an encoded path, say) cannot make the next one's requests
    // fail, or pass, for another reason. Empty when all were made.
    QString makeTargets()
    {
        HostileRequests::Targets targets;
        targets.port = m_bench.server().port();
        targets.adminToken = m_bench.server().adminToken();
        // Room for every request to book a seat: a full show would refuse a wrongly
        // accepted booking for the wrong reason and hide it.
        targets.show = m_bench.createShow(QStringLiteral("Fuzz target"), Limits::kMaxTotalSeats);
        targets.cancelledShow = m_bench.createShow(QStringLiteral("Fuzz cancelled"), 10);
        if (targets.show <= 0 || targets.cancelledShow <= 0)
            return QStringLiteral("could not create the target shows");
        const auto cancelled = m_bench.http().send(
            "DELETE", QStringLiteral("/admin/shows/%1").arg(targets.cancelledShow), {},
            {{"Authorization", m_bench.http().adminHeader()}});
        const auto pending = m_bench.book(targets.show, QStringLiteral("Pending"), 2);
        targets.pending = pending.object().value(QStringLiteral("id")).toInteger();
        targets.pendingReference =
            pending.object().value(QStringLiteral("reference")).toString().toLatin1();
        targets.confirmed = m_bench.bookOk(targets.show, QStringLiteral("Confirmed"), 1);
        const auto confirmed =
            m_bench.http().post(QStringLiteral("/bookings/%1/confirm").arg(targets.confirmed), {});
        if (cancelled.status != 200 || pending.status != 201 || confirmed.status != 200)
            return cancelled.describe() + pending.describe() + confirmed.describe();
        // A flag for If-Match and preview to aim at (the same value each time: unchanged).
        const auto flag = m_bench.http().send("PUT", QStringLiteral("/admin/flags/fuzz.target"),
                                              R"({"on":true,"percent":50})",
                                              {{"Authorization", m_bench.http().adminHeader()},
                                               {"Content-Type", "application/json"}});
        targets.flagVersion = flag.object().value(QStringLiteral("version")).toInteger();
        if ((flag.status != 200 && flag.status != 201) || targets.flagVersion <= 0)
            return QStringLiteral("could not set the target flag: ") + flag.describe();
        m_targets = targets;
        return {};
    }

private Q_SLOTS:
    void initTestCase()
    {
        // Holds outlast the run, so nothing changes the database by itself; a short
        // idle timeout ends the connections of requests the server never answers.
        QVERIFY2(m_bench.start({QStringLiteral("--hold-seconds"), QStringLiteral("3600"),
                                QStringLiteral("--idle-timeout"), QStringLiteral("2")}),
                 qPrintable(m_bench.errorString()));
    }

    void everyHostileRequestIsRefusedExactlyOnce()
    {
        bool seedOk = false;
        quint32 seed = qEnvironmentVariable("BOXOFFICE_FUZZ_SEED").toUInt(&seedOk);
        if (!seedOk)
            seed = kDefaultSeed;
        bool sizeOk = false;
        int perCategory = qEnvironmentVariableIntValue("BOXOFFICE_FUZZ_PER_CATEGORY", &sizeOk);
        if (!sizeOk || perCategory <= 0)
            perCategory = kDefaultPerCategory;
        const QString only = qEnvironmentVariable("BOXOFFICE_FUZZ_CATEGORY");
        qInfo("negative fuzzer seed %u (replay with BOXOFFICE_FUZZ_SEED=%u), %d per category", seed,
              seed, perCategory);

        QElapsedTimer clock;
        clock.start();
        QMap<QString, CategoryReport> reports;
        QMap<QString, int> endpoints;
        const QStringList categories = HostileRequests::categories();
        for (int c = 0; c < categories.size(); ++c) {
            const QString &category = categories.at(c);
            if (!only.isEmpty() && category != only)
                continue;
            const QString targetProblem = makeTargets();
            QVERIFY2(targetProblem.isEmpty(), qPrintable(targetProblem));
            // One generator per category: a category replays alone with the same choices.
            HostileRequests generator(m_targets, seed + quint32(c));
            const QList<HostileRequests::Request> requests = generator.generate(c, perCategory);
            QList<QByteArray> bytes;
            for (const HostileRequests::Request &request : requests) {
                bytes << request.bytes;
                ++endpoints[generic(request.endpoint.section(QStringLiteral(" ("), 0, 0))];
            }
            const QString before = checksum();
            QVERIFY2(!before.isEmpty(), "the checksum query failed");
            const QList<RawExchange::Outcome> outcomes =
                RawExchange::run(bytes, m_targets.port, kConcurrency, kExchangeTimeoutMs);
            CategoryReport &report = reports[category];
            report.databaseChanged = checksum() != before;
            for (qsizetype i = 0; i < outcomes.size(); ++i) {
                const RawExchange::Outcome &outcome = outcomes.at(i);
                ++report.sent;
                ++report.statuses[outcome.answers.isEmpty() ? 0 : outcome.answers.first().status];
                const QString problem = problemWith(outcome);
                if (problem.isEmpty()) {
                    ++report.refused;
                    continue;
                }
                ++report.problems[generic(requests.at(i).endpoint) + QStringLiteral(": ") +
                                  problem.section(QLatin1Char(','), 0, 0)];
                if (report.examples.size() < 3)
                    report.examples
                        << QStringLiteral("  [%1] %2: %3\n    sent \"%4\"\n    got  \"%5\"")
                               .arg(category, requests.at(i).endpoint, problem,
                                    escaped(requests.at(i).bytes), escaped(outcome.received, 300));
            }
            QVERIFY2(m_bench.server().isRunning(),
                     qPrintable(QStringLiteral("the server died during %1:\n%2")
                                    .arg(category, m_bench.server().output())));
        }
        const qint64 elapsedMs = clock.elapsed();

        QStringList failures;
        int sent = 0;
        qInfo("%-28s %6s %8s %7s  %s", "category", "sent", "refused", "db", "statuses");
        for (auto it = reports.cbegin(); it != reports.cend(); ++it) {
            const CategoryReport &report = it.value();
            sent += report.sent;
            QStringList statuses;
            for (auto s = report.statuses.cbegin(); s != report.statuses.cend(); ++s)
                statuses << QStringLiteral("%1x%2").arg(s.key()).arg(s.value());
            qInfo("%-28s %6d %8d %7s  %s", qPrintable(it.key()), report.sent, report.refused,
                  report.databaseChanged ? "CHANGED" : "same", qPrintable(statuses.join(' ')));
            if (report.refused != report.sent || report.databaseChanged) {
                QStringList problems;
                for (auto p = report.problems.cbegin(); p != report.problems.cend(); ++p)
                    problems << QStringLiteral("%1 x%2").arg(p.key()).arg(p.value());
                failures << QStringLiteral("%1: %2 of %3 not refused properly%4")
                                .arg(it.key())
                                .arg(report.sent - report.refused)
                                .arg(report.sent)
                                .arg(report.databaseChanged ? QStringLiteral(", DATABASE CHANGED")
                                                            : QString());
                // QTest cuts long failure messages, so the details go to the log.
                for (const QString &problem : problems)
                    qInfo().noquote() << QStringLiteral("  [%1] %2").arg(it.key(), problem);
                for (const QString &example : report.examples)
                    qInfo().noquote() << example;
            }
        }
        for (auto it = endpoints.cbegin(); it != endpoints.cend(); ++it)
            qInfo("  endpoint %-40s %5d", qPrintable(it.key()), it.value());
        qInfo("%d hostile requests in %.1f s, seed %u", sent, elapsedMs / 1000.0, seed);

        const auto health = m_bench.http().get(QStringLiteral("/health"));
        QVERIFY2(health.status == 200, qPrintable(health.describe()));
        QVERIFY2(failures.isEmpty(), qPrintable(QStringLiteral("seed %1; failing categories:\n%2")
                                                    .arg(seed)
                                                    .arg(failures.join(QLatin1Char('\n')))));
        const QString problem = m_bench.endStateProblem();
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }
};

QTEST_GUILESS_MAIN(TestNegativeFuzzer)
#include "tst_negativefuzzer.moc"
