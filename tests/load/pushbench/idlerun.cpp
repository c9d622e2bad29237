#include "idlerun.h"

#include "eventloopwait.h"
#include "residentmemory.h"
#include "subscriberpool.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

#include <cstdio>

namespace {
constexpr int kWarmUpSubscribers = 20;
constexpr int kConnectTimeoutMs = 120000;

void complain(const QString &message)
{
    std::fprintf(stderr, "boxoffice-pushbench: %s\n", qPrintable(message));
}

double mib(qint64 kib)
{
    return double(qRound(double(kib) / 1024.0 * 10)) / 10;
}
} // namespace

int IdleRun::run(const PushBenchOptions &options)
{
    const ResidentMemory fresh = ResidentMemory::of(options.serverPid);
    if (!fresh.isValid()) {
        complain(QStringLiteral("cannot read /proc/%1/status").arg(options.serverPid));
        return 3;
    }
    {
        // A first subscriber pages in the push code and Qt's WebSocket library
        // and grows the server's buffers once: a fixed cost, not a per-subscriber
        // one, so "before" is taken after a few have come and gone.
        SubscriberPool warmUp(options.transport, options.subscribeUrl, 0, kWarmUpSubscribers);
        warmUp.open();
        waitForSignal(&warmUp, &SubscriberPool::settled, kConnectTimeoutMs);
        runEventLoopFor(500);
        warmUp.closeAll();
        runEventLoopFor(1000);
    }
    const ResidentMemory before = ResidentMemory::of(options.serverPid);
    SubscriberPool pool(options.transport, options.subscribeUrl, 0, options.subscribers);
    pool.open();
    const bool settled = waitForSignal(&pool, &SubscriberPool::settled, kConnectTimeoutMs);
    runEventLoopFor(int(options.settleSeconds * 1000));
    const ResidentMemory after = ResidentMemory::of(options.serverPid);
    const int open = pool.openCount();
    pool.closeAll();
    runEventLoopFor(1000);
    const ResidentMemory closed = ResidentMemory::of(options.serverPid);

    const qint64 extra = after.rssKiB - before.rssKiB;
    const double perSubscriber = pool.readyCount() > 0 ? double(extra) / pool.readyCount() : 0;
    if (options.json) {
        const QJsonObject report{
            {QStringLiteral("mode"), QStringLiteral("idle")},
            {QStringLiteral("transport"), PushBenchOptions::transportName(options.transport)},
            {QStringLiteral("subscribers"), options.subscribers},
            {QStringLiteral("ready"), pool.readyCount()},
            {QStringLiteral("open_at_measurement"), open},
            {QStringLiteral("rss_fresh_kib"), fresh.rssKiB},
            {QStringLiteral("rss_before_kib"), before.rssKiB},
            {QStringLiteral("rss_after_kib"), after.rssKiB},
            {QStringLiteral("rss_after_close_kib"), closed.rssKiB},
            {QStringLiteral("anon_before_kib"), before.anonKiB},
            {QStringLiteral("anon_after_kib"), after.anonKiB},
            {QStringLiteral("extra_mib"), mib(extra)},
            {QStringLiteral("per_subscriber_kib"), double(qRound(perSubscriber * 10)) / 10},
        };
        const QByteArray text = QJsonDocument(report).toJson(QJsonDocument::Compact) + '\n';
        std::fwrite(text.constData(), 1, size_t(text.size()), stdout);
    } else {
        QString text;
        QTextStream out(&text);
        out << "idle over " << PushBenchOptions::transportName(options.transport) << ": "
            << pool.readyCount() << " of " << options.subscribers
            << " subscribers got their hello, " << open << " open when measured\n";
        out << "server RSS     fresh " << mib(fresh.rssKiB) << " MiB, before " << mib(before.rssKiB)
            << " MiB, with them " << mib(after.rssKiB) << " MiB, after they left "
            << mib(closed.rssKiB) << " MiB\n";
        out << "extra          " << mib(extra) << " MiB (" << QString::number(perSubscriber, 'f', 1)
            << " KiB a subscriber; anonymous memory " << mib(after.anonKiB - before.anonKiB)
            << " MiB)\n";
        if (!pool.firstFailure().isEmpty())
            out << "first failure  " << pool.firstFailure() << "\n";
        const QByteArray bytes = text.toUtf8();
        std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
    }
    return settled && pool.failedCount() == 0 && open == options.subscribers ? 0 : 1;
}
