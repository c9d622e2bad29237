// boxoffice-pushbench: the live-push benchmark of issue 16. See
// scripts/benchmark-push.sh, which runs it against two servers on one
// database, and docs/performance.md for what it measured.
#include "idlerun.h"
#include "propagationrun.h"
#include "pushbenchoptions.h"

#include <QCoreApplication>

#include <csignal>
#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("boxoffice-pushbench"));
    // A server that cuts a connection while a request is written must end that
    // connection's part of the run, not the process.
    std::signal(SIGPIPE, SIG_IGN);
    PushBenchOptions options;
    QString error;
    if (!options.parse(app.arguments(), &error)) {
        std::fprintf(stderr, "boxoffice-pushbench: %s (see --help)\n", qPrintable(error));
        return 2;
    }
    return options.mode == PushBenchOptions::Mode::Idle ? IdleRun::run(options)
                                                        : PropagationRun::run(options);
}
