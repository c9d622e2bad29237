#pragma once

#include "runstats.h"

#include <QJsonObject>
#include <QString>

// The outcome of the database check after the run (dbassertions.h).
struct DbCheck
{
    bool checked = false;
    int shows = 0;
    qint64 violations = 0;
    qint64 lost = 0;
    qint64 duplicated = 0;
    QStringList details;
};

// The run's report: the contract's JSON object, or the same for people.
struct Report
{
    QString scenario;
    int connections = 0;
    double durationSeconds = 0;
    double rate = 0;
    RunStats stats;
    DbCheck db;

    QJsonObject toJson() const;
    QString toText() const;
};
