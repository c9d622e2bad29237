#pragma once

#include "db/databasesettings.h"

#include <QString>
#include <QStringList>

#include <optional>

class EmbeddedCluster;

// "boxoffice-server user add NAME --role admin|clerk" (password on stdin) and
// "boxoffice-server user list": staff accounts from the command line, above
// all the first admin. Uses the database a server would (--database-url,
// DATABASE_URL, PG*), else the embedded cluster of --data-dir, which it
// starts for the command and stops again unless it was already running (a
// server using that data directory keeps its cluster). Runs on the main
// thread, before and instead of the server.
class UserCommand
{
public:
    // True when the command line is "<program> user ...".
    static bool isInvocation(const QStringList &arguments);
    // The process's exit code: 0 done, 1 refused or failed (reason on
    // stderr), 2 a usage error.
    static int run(const QStringList &arguments);

private:
    struct Options
    {
        QString subcommand;
        QString username;
        QString role;
        DatabaseSettings database; // incomplete: the embedded cluster of dataDirectory
        QString dataDirectory;
    };
    static std::optional<Options> parse(const QStringList &arguments, int *exitCode);
    static int execute(const Options &options, const DatabaseSettings &database);
    // The password from stdin: one line from a pipe, or typed twice without
    // echo on a terminal. nullopt with *error when there is none.
    static std::optional<QString> readPassword(QString *error);
};
