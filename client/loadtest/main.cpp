// boxoffice-loadtest: drives a Box Office (or reference) server with booking load and
// reports throughput, latency and, with --db-url, whether the seat invariants held.
#include "dbassertions.h"
#include "httpengine.h"
#include "loadtestoptions.h"
#include "monotonicclock.h"
#include "progressline.h"
#include "report.h"
#include "scenario.h"
#include "setupclient.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>

#include <csignal>
#include <cstdio>
#include <memory>
#include <thread>

namespace {

enum ExitCode { Ok = 0, DatabaseViolation = 1, Usage = 2, SetupFailure = 3 };

EngineShared *g_shared = nullptr;

void onInterrupt(int)
{
    if (g_shared)
        g_shared->stop = true; // the run ends early and still reports
}

void complain(const QString &message)
{
    std::fprintf(stderr, "boxoffice-loadtest: %s\n", qPrintable(message));
}

// Creates the scenario's shows (or takes --show-id); false with *error on failure.
bool createShows(SetupClient &client, const LoadTestOptions &options, QList<qint64> &ids,
                 QString *error)
{
    if (options.showId != 0) {
        ids << options.showId;
        // Proves the server answers before any load starts.
        const auto answer = client.request("GET", "/shows", {}, {});
        if (answer.status == 0)
            *error = client.errorString();
        return answer.status != 0;
    }
    const int count = options.scenario == QLatin1String("spread") ? options.shows : 1;
    const QByteArray start = QDateTime::currentDateTimeUtc().addDays(30).toString(Qt::ISODate).toUtf8();
    for (int i = 0; i < count; ++i) {
        const QByteArray body = "{\"name\":\"loadtest " + options.scenario.toUtf8() + ' '
            + QByteArray::number(i + 1) + "\",\"start_time\":\"" + start
            + "\",\"total_seats\":" + QByteArray::number(options.effectiveSeatsPerShow()) + '}';
        const auto answer = client.request("POST", "/admin/shows", body, options.adminToken);
        if (answer.status != 201) {
            *error = answer.status == 0
                ? client.errorString()
                : QStringLiteral("creating a show answered %1: %2")
                      .arg(answer.status).arg(QString::fromUtf8(answer.body.left(300)));
            return false;
        }
        ids << QJsonDocument::fromJson(answer.body).object().value(QLatin1String("id")).toInteger();
    }
    return true;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("boxoffice-loadtest"));
    QCoreApplication::setApplicationVersion(QStringLiteral(BOXOFFICE_VERSION));

    LoadTestOptions options;
    QString error;
    if (!options.parse(app.arguments(), &error)) {
        complain(error + QStringLiteral(" (see --help)"));
        return Usage;
    }

    SetupClient setup;
    ScenarioPlan plan;
    if (!setup.resolve(options.url) || !createShows(setup, options, plan.showIds, &error)) {
        complain(error.isEmpty() ? setup.errorString() : error);
        return SetupFailure;
    }
    plan.name = options.scenario;
    plan.hostHeader = setup.hostHeader();
    plan.token = options.token;
    plan.mix = options.mix;
    plan.userName = "lt" + QByteArray::number(QRandomGenerator::system()->generate64(), 36);

    EngineShared shared;
    shared.address = setup.address();
    shared.addressLength = setup.addressLength();
    shared.startMicros = monotonicMicros();
    shared.measureFromMicros = shared.startMicros + qint64(options.warmupSeconds * 1e6);
    shared.requestLimit = options.requests;
    if (options.requests == 0)
        shared.endMicros = shared.measureFromMicros + qint64(options.durationSeconds * 1e6);
    g_shared = &shared;
    std::signal(SIGINT, onInterrupt);
    std::signal(SIGTERM, onInterrupt);

    // Connections and rate split over the threads; a thread never gets none.
    const int threads = std::min(options.threads, options.connections);
    const double rampSeconds = options.scenario == QLatin1String("flashsale") ? options.rampSeconds : 0.0;
    std::vector<std::unique_ptr<ScenarioWorker>> workers;
    std::vector<std::unique_ptr<HttpEngine>> engines;
    for (int t = 0; t < threads; ++t) {
        const int connections = options.connections / threads + (t < options.connections % threads ? 1 : 0);
        workers.push_back(std::make_unique<ScenarioWorker>(plan, t));
        engines.push_back(std::make_unique<HttpEngine>(shared, *workers.back(), connections,
                                                       options.rate / threads, rampSeconds));
    }
    std::atomic<int> running{threads};
    std::vector<std::thread> pool;
    for (auto &engine : engines)
        pool.emplace_back([&engine, &running] {
            engine->run();
            --running;
        });
    ProgressLine progress(options.progress);
    while (running > 0) {
        std::this_thread::sleep_for(std::chrono::milliseconds(progress.enabled() ? 1000 : 50));
        progress.update(shared, monotonicMicros());
    }
    for (auto &thread : pool)
        thread.join();
    const qint64 endMicros = monotonicMicros();
    progress.finish();

    Report report;
    report.scenario = options.scenario;
    report.connections = options.connections;
    report.rate = options.rate;
    report.durationSeconds = double(endMicros - shared.measureFromMicros) / 1e6;
    for (auto &engine : engines)
        report.stats.merge(engine->stats());

    int exitCode = Ok;
    if (report.stats.requests > 0 && report.stats.requests == report.stats.transportErrors) {
        complain(QStringLiteral("no request got an answer"));
        exitCode = SetupFailure;
    }
    if (!options.dbUrl.isEmpty()) {
        report.db = DbAssertions::check(options.dbUrl, plan.showIds, report.stats.acknowledged,
                                        plan.userName, &error);
        if (!report.db.checked) {
            complain(error);
            exitCode = SetupFailure;
        } else if (report.db.violations + report.db.lost + report.db.duplicated > 0) {
            exitCode = DatabaseViolation;
        }
    }
    const QByteArray text = options.json
        ? QJsonDocument(report.toJson()).toJson(QJsonDocument::Compact) + '\n'
        : report.toText().toUtf8();
    std::fwrite(text.constData(), 1, size_t(text.size()), stdout);
    return exitCode;
}
