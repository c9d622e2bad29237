#include "report.h"

#include <QTextStream>

namespace {
double ms(qint64 micros)
{
    return double(micros) / 1000.0;
}
} // namespace

QJsonObject Report::toJson() const
{
    const LatencyHistogram &h = stats.latency;
    QJsonObject status;
    for (auto it = stats.statuses.begin(); it != stats.statuses.end(); ++it)
        status.insert(QString::number(it.key()), it.value());
    QJsonObject errors;
    for (auto it = stats.errorCodes.begin(); it != stats.errorCodes.end(); ++it)
        errors.insert(QString::fromUtf8(it.key()), it.value());
    QJsonObject object{
        {QStringLiteral("scenario"), scenario},
        {QStringLiteral("connections"), connections},
        {QStringLiteral("duration_s"), durationSeconds},
        {QStringLiteral("requests"), stats.requests},
        {QStringLiteral("throughput"), durationSeconds > 0 ? double(stats.requests) / durationSeconds : 0.0},
        {QStringLiteral("latency_ms"),
         QJsonObject{{QStringLiteral("p50"), ms(h.quantile(0.50))},
                     {QStringLiteral("p90"), ms(h.quantile(0.90))},
                     {QStringLiteral("p99"), ms(h.quantile(0.99))},
                     {QStringLiteral("p999"), ms(h.quantile(0.999))},
                     {QStringLiteral("max"), ms(h.max())}}},
        {QStringLiteral("status"), status},
        {QStringLiteral("errors"), errors},
        {QStringLiteral("transport_errors"), stats.transportErrors},
        {QStringLiteral("unexpected"), stats.unexpected},
        {QStringLiteral("db"),
         QJsonObject{{QStringLiteral("checked"), db.checked},
                     {QStringLiteral("shows"), db.shows},
                     {QStringLiteral("violations"), db.violations},
                     {QStringLiteral("lost"), db.lost},
                     {QStringLiteral("duplicated"), db.duplicated}}},
    };
    // Beyond the contract's keys, for open-loop runs only.
    if (rate > 0) {
        object.insert(QStringLiteral("rate"), rate);
        object.insert(QStringLiteral("late"), stats.late);
    }
    return object;
}

QString Report::toText() const
{
    QString text;
    QTextStream out(&text);
    const LatencyHistogram &h = stats.latency;
    out << "scenario " << scenario << ", " << connections << " connections, "
        << QString::number(durationSeconds, 'f', 2) << " s"
        << (rate > 0 ? QStringLiteral(", open loop at %1/s").arg(rate) : QStringLiteral(", closed loop"))
        << "\n";
    out << "requests     " << stats.requests << "  ("
        << QString::number(durationSeconds > 0 ? stats.requests / durationSeconds : 0, 'f', 1) << "/s)\n";
    out << "latency ms   p50 " << ms(h.quantile(0.5)) << "  p90 " << ms(h.quantile(0.9)) << "  p99 "
        << ms(h.quantile(0.99)) << "  p99.9 " << ms(h.quantile(0.999)) << "  max " << ms(h.max()) << "\n";
    out << "status      ";
    for (auto it = stats.statuses.begin(); it != stats.statuses.end(); ++it)
        out << " " << it.key() << ": " << it.value();
    out << "\n";
    if (!stats.errorCodes.isEmpty()) {
        out << "error codes ";
        for (auto it = stats.errorCodes.begin(); it != stats.errorCodes.end(); ++it)
            out << " " << QString::fromUtf8(it.key()) << ": " << it.value();
        out << "\n";
    }
    out << "transport errors " << stats.transportErrors << ", unexpected " << stats.unexpected << "\n";
    if (rate > 0)
        out << "late (sent over 1 ms after schedule, or never) " << stats.late << "\n";
    if (db.checked) {
        out << "database     " << db.shows << " shows checked, " << db.violations << " violations, "
            << db.lost << " lost, " << db.duplicated << " duplicated\n";
        for (const QString &line : db.details)
            out << "  " << line << "\n";
    }
    return text;
}
