#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

// One run of a load tool that prints its report as JSON on stdout.
struct ToolRun
{
    int exitCode = -1; // -1: it crashed or did not finish
    QJsonObject report;
    QString stderrText;

    static ToolRun of(const QString &binary, const QStringList &arguments, int timeoutMs);
};
