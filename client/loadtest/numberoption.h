#pragma once

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QString>

// Reads bounded number options of a tool's command line (boxoffice-loadtest,
// boxoffice-pushbench). After the first bad one, ok() is false and *error says
// which; it and every later read give their fallback.
class NumberOptionReader
{
public:
    NumberOptionReader(const QCommandLineParser &parser, QString *error)
        : m_parser(parser), m_error(error)
    {
    }

    double operator()(const QCommandLineOption &option, double minimum, double maximum,
                      double fallback)
    {
        if (!m_ok || !m_parser.isSet(option))
            return fallback;
        bool parsed = false;
        const double v = m_parser.value(option).toDouble(&parsed);
        if (!parsed || v < minimum || v > maximum) {
            *m_error = QStringLiteral("--%1 must be a number from %2 to %3")
                           .arg(option.names().first())
                           .arg(minimum)
                           .arg(maximum);
            m_ok = false;
            return fallback;
        }
        return v;
    }
    bool ok() const { return m_ok; }

private:
    const QCommandLineParser &m_parser;
    QString *m_error;
    bool m_ok = true;
};
