// The database work queue (DbExecutor): normal work runs; over --max-queued
// work is refused at once; work that waited past --queue-timeout, or whose
// caller has gone, is dropped without running any SQL (its wait still counted
// in boxoffice_db_queue_wait_seconds); continuations attached on the
// executor's thread run once, there, under load; and a real server with
// one busy worker answers a burst with 503 server_busy and Retry-After instead
// of running requests late.
#include "db/databasesession.h"
#include "db/databasesettings.h"
#include "db/dbexecutor.h"
#include "db/sqlrunner.h"
#include "loadgenerator.h"
#include "metrics/servermetrics.h"
#include "metricstext.h"
#include "rawhttpresponse.h"
#include "serverprocess.h"
#include "showlock.h"
#include "testdatabase.h"
#include "testhttpclient.h"

#include <QSemaphore>
#include <QSqlError>
#include <QSqlQuery>
#include <QTcpSocket>
#include <QThread>
#include <QtTest>

#include <memory>
#include <optional>
#include <variant>

using namespace std::chrono_literals;

namespace {
using Rejection = DbExecutor::Rejection;

// What a job reports: it ran (true), or why it was not run.
using Outcome = std::variant<bool, Rejection>;
auto rejected()
{
    return [](Rejection why) { return Outcome(why); };
}

QString describe(const Outcome &outcome)
{
    if (std::holds_alternative<bool>(outcome))
        return QStringLiteral("ran");
    return QStringLiteral("rejected (%1)").arg(int(std::get<Rejection>(outcome)));
}

// One raw HTTP exchange on a connection of its own, read with the harness's
// one response splitter (RawHttpResponse), as the other raw-socket tests are.
struct BurstExchange
{
    std::unique_ptr<QTcpSocket> socket = std::make_unique<QTcpSocket>();
    QByteArray received;

    // The answer once it has arrived whole.
    std::optional<RawHttpResponse> answer() const
    {
        QByteArray rest = received;
        const QList<RawHttpResponse> responses = RawHttpResponse::takeAll(&rest);
        if (responses.isEmpty())
            return std::nullopt;
        return responses.first();
    }
    bool complete() const { return answer().has_value(); }
    int status() const { return complete() ? answer()->status : 0; }
    QByteArray body() const { return complete() ? answer()->body : QByteArray(); }
    QByteArray header(const QByteArray &name) const
    {
        return complete() ? answer()->header(name) : QByteArray();
    }
};
} // namespace

class TestWorkQueue : public QObject
{
    Q_OBJECT

private:
    QString m_url;

    qint64 sql(const QString &statement) { return TestDatabase::integer(m_url, statement); }

    // Work that proves whether it ran: a show row named after it.
    static auto insertShow(const QString &name)
    {
        return [name](DatabaseSession &session) {
            SqlRunner runner(session);
            return Outcome(runner.exec(QStringLiteral("INSERT INTO shows (name, start_time, "
                                                      "total_seats) VALUES (?::text, now(), 1)"),
                                       {name}, SqlRunner::Kind::Write) != nullptr);
        };
    }
    qint64 showsNamed(const QString &name)
    {
        return sql(QStringLiteral("SELECT count(*) FROM shows WHERE name = '%1'").arg(name));
    }

    // Occupies the executor's only worker until released.
    struct Blocker
    {
        QSemaphore started;
        QSemaphore release;
    };
    static QFuture<Outcome> block(DbExecutor &executor, Blocker &blocker)
    {
        return executor.run(
            {},
            [&blocker](DatabaseSession &) {
                blocker.started.release();
                blocker.release.acquire();
                return Outcome(true);
            },
            rejected());
    }

private Q_SLOTS:
    void initTestCase()
    {
        const QString problem = TestDatabase::startMigrated(m_url);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        const DatabaseSettings settings = DatabaseSettings::fromUrl(QUrl(m_url));
        DatabaseSession::setThreadDefaults(settings);
    }

    void normalWorkRunsAndReturnsItsValue()
    {
        DbExecutor executor(DbExecutor::Options{2, 10, 5000ms});
        auto future = executor.run({}, insertShow(QStringLiteral("normal")), rejected());
        QTRY_VERIFY_WITH_TIMEOUT(future.isFinished(), 10000);
        QVERIFY2(future.result() == Outcome(true), qPrintable(describe(future.result())));
        QCOMPARE(showsNamed(QStringLiteral("normal")), 1);
        // Work returning a Result needs no rejection callback.
        auto value = executor.run({}, [](DatabaseSession &) { return Result<int>(42); });
        QTRY_VERIFY_WITH_TIMEOUT(value.isFinished(), 10000);
        QVERIFY(value.result().ok());
        QCOMPARE(value.result().value(), 42);
        QCOMPARE(executor.counters().ran, 2u);
        QCOMPARE(executor.counters().dropped(), 0u);
    }

    void overTheBoundWorkIsRefusedAtOnce()
    {
        DbExecutor executor(DbExecutor::Options{1, 2, 5000ms});
        Blocker blocker;
        auto busy = block(executor, blocker);
        QVERIFY2(blocker.started.tryAcquire(1, 10000), "the blocking job never started");
        auto queued1 = executor.run({}, insertShow(QStringLiteral("bound-1")), rejected());
        auto queued2 = executor.run({}, insertShow(QStringLiteral("bound-2")), rejected());
        QCOMPARE(executor.queued(), 2);
        auto refused = executor.run({}, insertShow(QStringLiteral("bound-3")), rejected());
        // Refused before run() returned: no waiting for a worker.
        QVERIFY2(refused.isFinished(), "work over the bound should be refused at once");
        QVERIFY2(refused.result() == Outcome(Rejection::QueueFull),
                 qPrintable(describe(refused.result())));
        auto refusedResult = executor.run({}, [](DatabaseSession &) { return Result<int>(1); });
        QVERIFY(refusedResult.isFinished());
        QVERIFY(!refusedResult.result().ok());
        QCOMPARE(refusedResult.result().error().code, ErrorCode::ServerBusy);
        QCOMPARE(executor.counters().refused, 2u);

        blocker.release.release();
        QTRY_VERIFY_WITH_TIMEOUT(queued1.isFinished() && queued2.isFinished(), 10000);
        QVERIFY2(queued1.result() == Outcome(true), qPrintable(describe(queued1.result())));
        QVERIFY2(queued2.result() == Outcome(true), qPrintable(describe(queued2.result())));
        QCOMPARE(showsNamed(QStringLiteral("bound-1")), 1);
        QCOMPARE(showsNamed(QStringLiteral("bound-3")), 0);
        QTRY_VERIFY_WITH_TIMEOUT(busy.isFinished(), 10000);
        QVERIFY2(busy.result() == Outcome(true), qPrintable(describe(busy.result())));
        QCOMPARE(executor.counters().ran, 3u);
    }

    void workOlderThanTheQueueTimeoutIsDroppedWithoutRunning()
    {
        DbExecutor executor(DbExecutor::Options{1, 10, 300ms});
        Blocker blocker;
        auto busy = block(executor, blocker);
        QVERIFY2(blocker.started.tryAcquire(1, 10000), "the blocking job never started");
        auto late = executor.run({}, insertShow(QStringLiteral("late")), rejected());
        // Answered while the worker is still busy: the client hears "busy" at
        // its deadline, not whenever a worker frees up.
        QTRY_VERIFY_WITH_TIMEOUT(late.isFinished(), 10000);
        QVERIFY2(late.result() == Outcome(Rejection::TimedOut),
                 qPrintable(describe(late.result())));
        QCOMPARE(executor.queued(), 0);
        blocker.release.release();
        QTRY_VERIFY_WITH_TIMEOUT(busy.isFinished(), 10000);
        // A fresh job still runs, so the worker is free; the late one never ran.
        auto after = executor.run({}, insertShow(QStringLiteral("after-late")), rejected());
        QTRY_VERIFY_WITH_TIMEOUT(after.isFinished(), 10000);
        QVERIFY2(after.result() == Outcome(true), qPrintable(describe(after.result())));
        QCOMPARE(showsNamed(QStringLiteral("late")), 0);
        QCOMPARE(executor.counters().timedOut, 1u);
    }

    void workDroppedAtTheQueueTimeoutCountsItsWait()
    {
        // The executor reports to the process's metrics, so this test reads
        // them in-process; nothing else in it uses an executor meanwhile.
        const QString count = QStringLiteral("boxoffice_db_queue_wait_seconds_count");
        const QString sum = QStringLiteral("boxoffice_db_queue_wait_seconds_sum");
        const auto metrics = [] {
            return MetricsText::parse(ServerMetrics::instance().exposition());
        };
        DbExecutor executor(DbExecutor::Options{1, 10, 300ms});
        Blocker blocker;
        auto busy = block(executor, blocker);
        QVERIFY2(blocker.started.tryAcquire(1, 10000), "the blocking job never started");
        const MetricsText before = metrics(); // the blocking job's wait is in already
        auto late = executor.run({}, insertShow(QStringLiteral("late-wait")), rejected());
        QTRY_VERIFY_WITH_TIMEOUT(late.isFinished(), 10000);
        QVERIFY2(late.result() == Outcome(Rejection::TimedOut),
                 qPrintable(describe(late.result())));
        // Read while the worker is still busy: the drop at the deadline counted it.
        const MetricsText after = metrics();
        blocker.release.release();
        QTRY_VERIFY_WITH_TIMEOUT(busy.isFinished(), 10000);
        QCOMPARE(after.value(count) - before.value(count), 1.0);
        // It waited its whole queue timeout (less the rounding of the sums).
        const double waited = after.value(sum) - before.value(sum);
        QVERIFY2(waited >= 0.299, qPrintable(QStringLiteral("waited %1 s").arg(waited)));
    }

    void workWhoseCallerHasGoneIsDropped()
    {
        DbExecutor executor(DbExecutor::Options{1, 10, 5000ms});
        Blocker blocker;
        auto busy = block(executor, blocker);
        QVERIFY2(blocker.started.tryAcquire(1, 10000), "the blocking job never started");
        auto flag = std::make_shared<std::atomic<bool>>(false);
        auto gone =
            executor.run(DbExecutor::Ticket{flag}, insertShow(QStringLiteral("gone")), rejected());
        auto kept = executor.run(DbExecutor::Ticket{std::make_shared<std::atomic<bool>>(false)},
                                 insertShow(QStringLiteral("kept")), rejected());
        flag->store(true); // the HTTP layer does this when the client hangs up
        blocker.release.release();
        QTRY_VERIFY_WITH_TIMEOUT(gone.isFinished() && kept.isFinished(), 10000);
        QVERIFY2(gone.result() == Outcome(Rejection::Abandoned),
                 qPrintable(describe(gone.result())));
        QVERIFY2(kept.result() == Outcome(true), qPrintable(describe(kept.result())));
        QCOMPARE(showsNamed(QStringLiteral("gone")), 0);
        QCOMPARE(showsNamed(QStringLiteral("kept")), 1);
        QCOMPARE(executor.counters().abandoned, 1u);
        QVERIFY(busy.isFinished());
    }

    void queuedWorkIsAnsweredWhenTheExecutorShutsDown()
    {
        QFuture<Outcome> queued;
        {
            DbExecutor executor(DbExecutor::Options{1, 10, 5000ms});
            Blocker blocker;
            auto busy = block(executor, blocker);
            QVERIFY2(blocker.started.tryAcquire(1, 10000), "the blocking job never started");
            // The destructor answers queued work before it waits for running
            // work; that answer is what lets the running job finish.
            queued =
                executor.run({}, insertShow(QStringLiteral("shutdown")), [&blocker](Rejection why) {
                    blocker.release.release();
                    return Outcome(why);
                });
            QVERIFY(!queued.isFinished());
        }
        QVERIFY(queued.isFinished());
        QVERIFY2(queued.result() == Outcome(Rejection::ShuttingDown),
                 qPrintable(describe(queued.result())));
        QCOMPARE(showsNamed(QStringLiteral("shutdown")), 0);
    }

    // Qt 6.4.2 can run a continuation twice when .then() meets a future that
    // another thread is finishing at that moment (docs/design.md, "Qt 6.4
    // futures"): the server died under load that way. The executor finishes
    // every future on its home thread, so continuations attached there, as
    // the HTTP layer attaches them, run exactly once and on that thread,
    // however the workers' timing falls.
    void continuationsAttachedOnTheHomeThreadRunOnceThere()
    {
        constexpr int kJobs = 20000;
        DbExecutor executor(DbExecutor::Options{4, kJobs, 60000ms});
        QThread *const home = QThread::currentThread();
        std::atomic<int> runs{0};
        std::atomic<int> offHome{0};
        int answered = 0;
        qint64 sum = 0;
        for (int i = 0; i < kJobs; ++i) {
            // Attached after run() returned, while a worker may be finishing it.
            executor.run({}, [i](DatabaseSession &) { return Result<int>(i); })
                .then([&runs, &offHome, home](const Result<int> &result) {
                    ++runs;
                    if (QThread::currentThread() != home)
                        ++offHome;
                    return result.ok() ? result.value() : -1;
                })
                .then(this, [&answered, &sum](int value) {
                    ++answered;
                    sum += value;
                });
        }
        QTRY_VERIFY2_WITH_TIMEOUT(
            answered == kJobs,
            qPrintable(QStringLiteral("%1 of %2 answered").arg(answered).arg(kJobs)), 20000);
        QCOMPARE(runs.load(), kJobs);
        QCOMPARE(offHome.load(), 0);
        QCOMPARE(sum, qint64(kJobs) * (kJobs - 1) / 2);
        QCOMPARE(executor.counters().ran, quint64(kJobs));
    }

    void busyServerAnswersABurstWith503InsteadOfRunningLate()
    {
        ServerProcess server;
        server.setDatabaseUrl(m_url);
        // One transaction per booking: this is about the executor's own queue.
        // With group booking the burst may join the batch that waits, which
        // is what batching is for.
        server.setArguments({QStringLiteral("--workers"), QStringLiteral("1"),
                             QStringLiteral("--max-queued"), QStringLiteral("2"),
                             QStringLiteral("--queue-timeout"), QStringLiteral("1"),
                             QStringLiteral("--group-booking"), QStringLiteral("off")});
        QVERIFY2(server.start(), qPrintable(server.errorString() + server.output()));
        TestHttpClient http(server.baseUrl(), server.adminToken());
        const qint64 show = http.createShow(QStringLiteral("Burst"), 100);
        QVERIFY(show > 0);

        // A row lock from a test connection makes the first booking wait, so
        // the single worker stays busy for as long as the test wants.
        ShowLock lock(m_url, show);
        QVERIFY2(lock.isLocked(), qPrintable(lock.errorString()));

        constexpr int kBurst = 8;
        const QByteArray request =
            LoadGenerator::rawRequest("POST", QStringLiteral("/shows/%1/book").arg(show),
                                      R"({"user_name":"Burst","seats":1})");
        std::vector<BurstExchange> exchanges(kBurst);
        for (BurstExchange &exchange : exchanges) {
            BurstExchange *self = &exchange;
            connect(exchange.socket.get(), &QTcpSocket::readyRead, this,
                    [self] { self->received += self->socket->readAll(); });
            exchange.socket->connectToHost(server.baseUrl().host(), server.port());
        }
        for (BurstExchange &exchange : exchanges) {
            QVERIFY2(exchange.socket->waitForConnected(10000),
                     qPrintable(exchange.socket->errorString()));
            exchange.socket->write(request);
        }
        const auto answered = [&exchanges] {
            return int(std::count_if(exchanges.begin(), exchanges.end(),
                                     [](const BurstExchange &e) { return e.complete(); }));
        };
        // Every request but the one holding the worker is answered while the
        // lock is still held: refused at once, or dropped at its deadline.
        QTRY_VERIFY2_WITH_TIMEOUT(answered() == kBurst - 1,
                                  qPrintable(QStringLiteral("expected %1 answers while the worker "
                                                            "is busy, seen %2")
                                                 .arg(kBurst - 1)
                                                 .arg(answered())),
                                  30000);
        int atOnce = 0, waitedTooLong = 0;
        for (const BurstExchange &exchange : exchanges) {
            if (!exchange.complete())
                continue;
            const QJsonObject body = QJsonDocument::fromJson(exchange.body()).object();
            QVERIFY2(exchange.status() == 503 && body.value("code").toString() == "server_busy",
                     qPrintable(QStringLiteral("expected 503 server_busy, seen %1")
                                    .arg(QString::fromUtf8(exchange.received))));
            QVERIFY2(exchange.header("Retry-After") == "1",
                     qPrintable(QStringLiteral("expected Retry-After: 1, seen '%1'")
                                    .arg(QString::fromLatin1(exchange.header("Retry-After")))));
            if (body.value("error").toString().contains(QStringLiteral("waited too long")))
                ++waitedTooLong;
            else
                ++atOnce;
        }
        // One runs, at most two wait (the bound), so the rest were refused at
        // once; the waiting ones were dropped, not run late.
        QVERIFY2(atOnce >= kBurst - 3 && waitedTooLong >= 1,
                 qPrintable(QStringLiteral("expected at least %1 refused at once and 1 timed out, "
                                           "seen %2 and %3")
                                .arg(kBurst - 3)
                                .arg(atOnce)
                                .arg(waitedTooLong)));

        lock.release();
        QTRY_VERIFY_WITH_TIMEOUT(answered() == kBurst, 30000);
        for (const BurstExchange &exchange : exchanges)
            if (exchange.status() != 503)
                QVERIFY2(exchange.status() == 201,
                         qPrintable(QString::fromUtf8(exchange.received)));
        QCOMPARE(sql(QStringLiteral("SELECT count(*) FROM bookings WHERE show_id = %1").arg(show)),
                 1);
        QCOMPARE(sql(QStringLiteral("SELECT reserved_seats FROM shows WHERE id = %1").arg(show)),
                 1);
        const QStringList problems = invariantViolations(TestDatabase::open(m_url));
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join('\n')));
        const auto health = http.get(QStringLiteral("/health"));
        QVERIFY2(health.status == 200, qPrintable(health.describe()));
        QVERIFY2(server.stop(), qPrintable(server.errorString() + server.output()));
    }
};

QTEST_GUILESS_MAIN(TestWorkQueue)
#include "tst_workqueue.moc"
