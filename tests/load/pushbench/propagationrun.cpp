#include "propagationrun.h"

#include "bookingdriver.h"
#include "eventloopwait.h"
#include "showcreation.h"
#include "stalenessreport.h"
#include "subscriberpool.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

#include <cstdio>

namespace {
constexpr int kSeats = 100000; // the most a show may have (docs/api.md)
constexpr int kConnectTimeoutMs = 120000;
constexpr int kQuietBeforeBookingsMs = 300; // longer than the 100 ms coalescing window

double ms(qint64 micros)
{
    return double(micros) / 1000.0;
}

void print(const QByteArray &text)
{
    std::fwrite(text.constData(), 1, size_t(text.size()), stdout);
}

void complain(const QString &message)
{
    std::fprintf(stderr, "boxoffice-pushbench: %s\n", qPrintable(message));
}
} // namespace

int PropagationRun::run(const PushBenchOptions &options)
{
    if (options.rate * options.durationSeconds > kSeats) {
        complain(
            QStringLiteral("rate x duration must stay within one show's %1 seats").arg(kSeats));
        return 2;
    }
    QString error;
    const qint64 showId =
        options.showId > 0 ? options.showId
                           : ShowCreation::create(options.bookUrl, options.token, kSeats, &error);
    if (showId == 0) {
        complain(error);
        return 3;
    }
    SubscriberPool pool(options.transport, options.subscribeUrl, showId, options.subscribers);
    pool.open();
    if (!waitForSignal(&pool, &SubscriberPool::settled, kConnectTimeoutMs) ||
        pool.failedCount() > 0) {
        complain(QStringLiteral("%1 of %2 subscribers got their hello; first failure: %3")
                     .arg(pool.readyCount())
                     .arg(options.subscribers)
                     .arg(pool.firstFailure()));
        return 3;
    }
    // Creating the show announced it and opened its coalescing window: a first
    // booking within that window would wait for it to close. Setup must not
    // count, so the bookings start after a quiet spell.
    runEventLoopFor(kQuietBeforeBookingsMs);
    BookingDriver driver(options.bookUrl, options.token, showId, options.connections, options.rate,
                         options.durationSeconds);
    driver.start();
    const int bookingTimeoutMs = int(options.durationSeconds * 1000) + 60000;
    if (!waitForSignal(&driver, &BookingDriver::finished, bookingTimeoutMs)) {
        complain(QStringLiteral("the bookings did not finish"));
        return 3;
    }
    // The last change may wait out a coalescing window; it must still arrive.
    runEventLoopFor(int(options.graceSeconds * 1000));
    const int openAtEnd = pool.openCount();
    const StalenessReport staleness = StalenessReport::compute(
        driver.acknowledgedAt(), pool.subscribers(), driver.startMicros(), driver.endMicros());
    pool.closeAll();

    const double seconds = double(driver.endMicros() - driver.startMicros()) / 1e6;
    const qint64 acknowledged = qint64(driver.acknowledgedAt().size());
    const LatencyHistogram &latency = driver.latency();
    const bool clean = acknowledged == driver.sent() && driver.transportErrors() == 0 &&
                       openAtEnd == options.subscribers;
    QJsonObject statuses;
    for (auto it = driver.statuses().begin(); it != driver.statuses().end(); ++it)
        statuses.insert(QString::number(it.key()), it.value());
    if (options.json) {
        QJsonObject report = staleness.toJson();
        report.insert(QStringLiteral("mode"), QStringLiteral("propagation"));
        report.insert(QStringLiteral("transport"),
                      PushBenchOptions::transportName(options.transport));
        report.insert(QStringLiteral("subscribers"), options.subscribers);
        report.insert(QStringLiteral("subscribers_open_at_end"), openAtEnd);
        report.insert(QStringLiteral("show_id"), showId);
        report.insert(QStringLiteral("rate"), options.rate);
        report.insert(QStringLiteral("connections"), options.connections);
        report.insert(QStringLiteral("duration_s"), seconds);
        report.insert(QStringLiteral("bookings"),
                      QJsonObject{{QStringLiteral("sent"), driver.sent()},
                                  {QStringLiteral("acknowledged"), acknowledged},
                                  {QStringLiteral("throughput"),
                                   seconds > 0 ? double(acknowledged) / seconds : 0.0},
                                  {QStringLiteral("status"), statuses},
                                  {QStringLiteral("late"), driver.late()},
                                  {QStringLiteral("transport_errors"), driver.transportErrors()},
                                  {QStringLiteral("latency_ms"),
                                   QJsonObject{{QStringLiteral("p50"), ms(latency.quantile(0.5))},
                                               {QStringLiteral("p99"), ms(latency.quantile(0.99))},
                                               {QStringLiteral("max"), ms(latency.max())}}}});
        print(QJsonDocument(report).toJson(QJsonDocument::Compact) + '\n');
    } else {
        QString text;
        QTextStream out(&text);
        out << "propagation over " << PushBenchOptions::transportName(options.transport) << ": "
            << options.subscribers << " subscribers on " << options.subscribeUrl.toString()
            << ", bookings on " << options.bookUrl.toString() << " (show " << showId << ")\n";
        out << "bookings       " << acknowledged << " of " << driver.sent() << " acknowledged in "
            << QString::number(seconds, 'f', 2) << " s ("
            << QString::number(seconds > 0 ? acknowledged / seconds : 0, 'f', 1) << "/s, asked "
            << options.rate << "/s on " << options.connections << " connections), late "
            << driver.late() << ", transport errors " << driver.transportErrors() << "\n";
        out << "booking ms     p50 " << ms(latency.quantile(0.5)) << "  p99 "
            << ms(latency.quantile(0.99)) << "  max " << ms(latency.max()) << "\n";
        out << staleness.toText();
        out << "open at end    " << openAtEnd << " of " << options.subscribers << "\n";
        print(text.toUtf8());
    }
    return clean ? 0 : 1;
}
