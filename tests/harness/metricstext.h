#pragma once

#include <QByteArray>
#include <QHash>
#include <QMap>
#include <QString>
#include <QStringList>

// A parsed GET /metrics answer (Prometheus text format 0.0.4): each sample's
// value by its name and labels, and what in the text breaks the format.
class MetricsText
{
public:
    using Labels = QMap<QString, QString>;

    static MetricsText parse(const QByteArray &text);

    // Every line that is neither a comment nor `name{labels} value`, and every
    // sample whose family has no # HELP or # TYPE; empty when the text is sound.
    QStringList problems() const { return m_problems; }
    // The sample's value, or 0 when it is absent (a counter not yet created).
    double value(const QString &name, const Labels &labels = {}) const;
    bool has(const QString &name, const Labels &labels = {}) const;
    // The sum over every sample of this name whose labels include `labels`.
    double sum(const QString &name, const Labels &labels = {}) const;
    // Every label set of the samples of this name.
    QList<Labels> series(const QString &name) const;
    QString type(const QString &family) const { return m_types.value(family); }

private:
    static QString key(const QString &name, const Labels &labels);

    QHash<QString, double> m_values;
    QHash<QString, QList<Labels>> m_series; // by sample name
    QHash<QString, QString> m_types;        // by family name
    QStringList m_problems;
};
