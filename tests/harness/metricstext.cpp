#include "metricstext.h"

#include <QRegularExpression>
#include <QSet>

namespace {
const QRegularExpression
    kSample(QStringLiteral(R"(^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? ([^ ]+)$)"));
const QRegularExpression
    kLabel(QStringLiteral(R"re(([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(,|$))re"));

// The family a sample belongs to: histograms add _bucket, _sum and _count.
QString familyOf(const QString &sample, const QHash<QString, QString> &types)
{
    for (const char *suffix : {"_bucket", "_sum", "_count"}) {
        const QLatin1String tail(suffix);
        if (sample.endsWith(tail)) {
            const QString base = sample.chopped(tail.size());
            if (types.value(base) == QLatin1String("histogram"))
                return base;
        }
    }
    return sample;
}
} // namespace

QString MetricsText::key(const QString &name, const Labels &labels)
{
    QString out = name + QLatin1Char('{');
    for (auto it = labels.cbegin(); it != labels.cend(); ++it)
        out += it.key() + QLatin1Char('=') + it.value() + QLatin1Char('\x1f');
    return out + QLatin1Char('}');
}

MetricsText MetricsText::parse(const QByteArray &text)
{
    MetricsText parsed;
    QSet<QString> helped;
    QList<QString> samples;
    for (const QByteArray &rawLine : text.split('\n')) {
        const QString line = QString::fromUtf8(rawLine);
        if (line.isEmpty())
            continue;
        if (line.startsWith(QLatin1String("# HELP "))) {
            helped.insert(line.section(QLatin1Char(' '), 2, 2));
            continue;
        }
        if (line.startsWith(QLatin1String("# TYPE "))) {
            parsed.m_types.insert(line.section(QLatin1Char(' '), 2, 2),
                                  line.section(QLatin1Char(' '), 3, 3));
            continue;
        }
        if (line.startsWith(QLatin1Char('#')))
            continue;
        const auto match = kSample.match(line);
        bool ok = false;
        const double value = match.hasMatch() ? match.captured(4).toDouble(&ok) : 0;
        const bool special = match.captured(4) == QLatin1String("+Inf") ||
                             match.captured(4) == QLatin1String("-Inf") ||
                             match.captured(4) == QLatin1String("NaN");
        if (!match.hasMatch() || (!ok && !special)) {
            parsed.m_problems << QStringLiteral("not a sample: ") + line;
            continue;
        }
        Labels labels;
        const QString labelText = match.captured(3);
        qsizetype consumed = 0;
        auto it = kLabel.globalMatch(labelText);
        while (it.hasNext()) {
            const auto label = it.next();
            if (label.capturedStart() != consumed)
                break;
            labels.insert(label.captured(1), label.captured(2));
            consumed = label.capturedEnd();
        }
        if (consumed != labelText.size()) {
            parsed.m_problems << QStringLiteral("bad labels: ") + line;
            continue;
        }
        const QString name = match.captured(1);
        parsed.m_values.insert(key(name, labels), value);
        parsed.m_series[name].append(labels);
        samples << name;
    }
    for (const QString &name : samples) {
        const QString family = familyOf(name, parsed.m_types);
        if (!parsed.m_types.contains(family) || !helped.contains(family))
            parsed.m_problems << QStringLiteral("%1 has no # HELP or # TYPE").arg(name);
    }
    parsed.m_problems.removeDuplicates();
    return parsed;
}

double MetricsText::value(const QString &name, const Labels &labels) const
{
    return m_values.value(key(name, labels), 0);
}

bool MetricsText::has(const QString &name, const Labels &labels) const
{
    return m_values.contains(key(name, labels));
}

double MetricsText::sum(const QString &name, const Labels &labels) const
{
    double total = 0;
    for (const Labels &candidate : m_series.value(name)) {
        bool matches = true;
        for (auto it = labels.cbegin(); it != labels.cend() && matches; ++it)
            matches = candidate.value(it.key()) == it.value();
        if (matches)
            total += value(name, candidate);
    }
    return total;
}

QList<MetricsText::Labels> MetricsText::series(const QString &name) const
{
    return m_series.value(name);
}
