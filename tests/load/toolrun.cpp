#include "toolrun.h"

#include <QJsonDocument>
#include <QProcess>

ToolRun ToolRun::of(const QString &binary, const QStringList &arguments, int timeoutMs)
{
    QProcess process;
    process.start(binary, arguments);
    ToolRun run;
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        run.stderrText = QStringLiteral("did not finish in %1 s").arg(timeoutMs / 1000);
        return run;
    }
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.report = QJsonDocument::fromJson(process.readAllStandardOutput()).object();
    run.stderrText = QString::fromUtf8(process.readAllStandardError());
    return run;
}
