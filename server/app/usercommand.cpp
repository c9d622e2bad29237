#include "usercommand.h"

#include "auth/passwordhasher.h"
#include "auth/userservice.h"
#include "datadirectory.h"
#include "db/databasesession.h"
#include "db/embeddedcluster.h"
#include "db/migrator.h"
#include "logredaction.h"
#include "serverconfig.h"

#include <QCommandLineParser>
#include <QLockFile>
#include <QProcessEnvironment>

#include <sodium.h>

#include <cstdio>
#include <iostream>
#include <pwd.h>
#include <string>
#include <termios.h>
#include <unistd.h>

namespace {
int fail(const QString &message, int code = 1)
{
    std::fprintf(stderr, "boxoffice-server user: %s\n", qPrintable(LogRedaction::scrub(message)));
    return code;
}

QString unixUser()
{
    if (const passwd *entry = getpwuid(geteuid()); entry && entry->pw_name)
        return QString::fromLocal8Bit(entry->pw_name);
    return QString::number(geteuid());
}

// One line of stdin without its line end, wiped from the std::string after copying.
std::optional<QString> readLine()
{
    std::string line;
    if (!std::getline(std::cin, line) && line.empty())
        return std::nullopt;
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r'))
        line.pop_back();
    QString text = QString::fromUtf8(line.data(), qsizetype(line.size()));
    sodium_memzero(line.data(), line.size());
    return text;
}

// Echo off while a password is typed on a terminal, back on however we leave.
class EchoOff
{
public:
    EchoOff()
    {
        m_active = tcgetattr(STDIN_FILENO, &m_saved) == 0;
        if (m_active) {
            termios quiet = m_saved;
            quiet.c_lflag &= ~tcflag_t(ECHO);
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
        }
    }
    ~EchoOff()
    {
        if (m_active)
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &m_saved);
    }
    EchoOff(const EchoOff &) = delete;
    EchoOff &operator=(const EchoOff &) = delete;

private:
    termios m_saved{};
    bool m_active = false;
};

std::optional<QString> prompt(const char *question)
{
    std::fputs(question, stderr);
    std::fflush(stderr);
    EchoOff quiet;
    auto line = readLine();
    std::fputs("\n", stderr);
    return line;
}
} // namespace

bool UserCommand::isInvocation(const QStringList &arguments)
{
    return arguments.size() >= 2 && arguments.at(1) == QLatin1String("user");
}

std::optional<UserCommand::Options> UserCommand::parse(const QStringList &arguments, int *exitCode)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Staff accounts. 'user add NAME --role admin|clerk' reads the password from stdin "
        "(one line; typed twice on a terminal); 'user list' lists the accounts."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("command"), QStringLiteral("add or list"));
    parser.addPositionalArgument(QStringLiteral("name"), QStringLiteral("the username (add)"));
    const QCommandLineOption role(QStringLiteral("role"), QStringLiteral("admin or clerk."),
                                  QStringLiteral("role"));
    const QCommandLineOption databaseUrl(
        QStringLiteral("database-url"),
        QStringLiteral("postgres://... (env DATABASE_URL, or PGHOST/PGPORT/PGUSER/PGPASSWORD/"
                       "PGDATABASE); else the embedded cluster of the data directory."),
        QStringLiteral("url"));
    const QCommandLineOption dataDir(QStringLiteral("data-dir"),
                                     QStringLiteral("The server's data directory (env "
                                                    "BOXOFFICE_DATA_DIR)."),
                                     QStringLiteral("path"));
    parser.addOptions({role, databaseUrl, dataDir});
    // The program name, then everything after "user".
    QStringList rest = arguments.mid(2);
    rest.prepend(arguments.value(0));
    *exitCode = 2;
    if (!parser.parse(rest)) {
        fail(parser.errorText(), 2);
        return std::nullopt;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        std::fputs(qPrintable(parser.helpText()), stdout);
        *exitCode = 0;
        return std::nullopt;
    }
    Options options;
    const QStringList positional = parser.positionalArguments();
    options.subcommand = positional.value(0);
    const QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    if (options.subcommand == QLatin1String("add")) {
        if (positional.size() != 2 || !parser.isSet(role)) {
            fail(QStringLiteral("usage: boxoffice-server user add NAME --role admin|clerk"), 2);
            return std::nullopt;
        }
        options.username = positional.at(1);
        options.role = parser.value(role);
        const auto parsed = staffRoleFromName(options.role);
        if (!parsed || *parsed == StaffRole::Shop) {
            fail(QStringLiteral("--role must be admin or clerk, not '%1'").arg(options.role), 2);
            return std::nullopt;
        }
    } else if (options.subcommand != QLatin1String("list") || positional.size() != 1) {
        fail(QStringLiteral("usage: boxoffice-server user add NAME --role admin|clerk | "
                            "boxoffice-server user list"),
             2);
        return std::nullopt;
    }
    options.dataDirectory = parser.isSet(dataDir) ? parser.value(dataDir)
                                                  : env.value(QStringLiteral("BOXOFFICE_DATA_DIR"));
    if (options.dataDirectory.isEmpty())
        options.dataDirectory = ServerConfig::defaultDataDirectory();
    // The same choice of database as ServerConfig::load makes for the server.
    const QString url = parser.isSet(databaseUrl) ? parser.value(databaseUrl)
                                                  : env.value(QStringLiteral("DATABASE_URL"));
    if (!url.isEmpty()) {
        QString error;
        options.database = DatabaseSettings::fromUrl(QUrl(url), &error);
        if (!error.isEmpty()) {
            fail(error, 2);
            return std::nullopt;
        }
    } else if (env.contains(QStringLiteral("PGDATABASE")) ||
               env.contains(QStringLiteral("PGHOST"))) {
        options.database.host = env.value(QStringLiteral("PGHOST"), QStringLiteral("localhost"));
        bool ok = false;
        options.database.port =
            env.value(QStringLiteral("PGPORT"), QStringLiteral("5432")).toInt(&ok);
        if (!ok || options.database.port < 1 || options.database.port > 65535) {
            fail(QStringLiteral("PGPORT must be 1..65535"), 2);
            return std::nullopt;
        }
        options.database.user = env.value(QStringLiteral("PGUSER"), qEnvironmentVariable("USER"));
        options.database.password = env.value(QStringLiteral("PGPASSWORD"));
        options.database.database = env.value(QStringLiteral("PGDATABASE"), options.database.user);
    }
    for (const QString &secret : options.database.secrets())
        LogRedaction::addSecret(secret);
    return options;
}

int UserCommand::run(const QStringList &arguments)
{
    int exitCode = 0;
    const auto options = parse(arguments, &exitCode);
    if (!options)
        return exitCode;
    if (!PasswordHasher::initialise())
        return fail(QStringLiteral("libsodium cannot be initialised"));
    if (options->database.isComplete())
        return execute(*options, options->database);

    DataDirectory dataDir(options->dataDirectory);
    if (!dataDir.prepare())
        return fail(dataDir.errorString());
    // While we hold the lock no server can start on this directory and adopt
    // (then stop) a cluster we are using. If a server holds it, its cluster is
    // up and we use it as a client, leaving it running.
    QLockFile lock(dataDir.filePath(QStringLiteral("server.lock")));
    lock.setStaleLockTime(0);
    const bool serverRunning = !lock.tryLock(0);
    EmbeddedCluster cluster(dataDir.filePath(QStringLiteral("postgresql")));
    // startedByUs() is true for an adopted cluster too (the server stops what
    // it adopts), so what was running before is judged here.
    const bool wasRunning = cluster.isRunning();
    if (serverRunning && !wasRunning)
        return fail(QStringLiteral("a boxoffice-server is starting on %1; try again when it is up")
                        .arg(options->dataDirectory));
    if (!cluster.start())
        return fail(QStringLiteral("embedded PostgreSQL did not start: ") + cluster.errorString());
    LogRedaction::addSecret(cluster.settings().password);
    const int code = execute(*options, cluster.settings());
    // Left as found: running if it was (for a server, or a killed one's successor).
    if (!wasRunning)
        cluster.stop();
    return code;
}

int UserCommand::execute(const Options &options, const DatabaseSettings &database)
{
    std::optional<QString> password;
    if (options.subcommand == QLatin1String("add")) {
        QString error;
        password = readPassword(&error);
        if (!password)
            return fail(error);
        // Before any database work: a weak password needs no cluster.
        if (const auto refused = UserService::check(UserService::CreateCommand{
                options.username, *password, *staffRoleFromName(options.role)}))
            return fail(errorCodeName(refused->code) + QStringLiteral(": ") + refused->message);
    }
    DatabaseSession session(database, QStringLiteral("boxoffice-cli"));
    if (!session.ensureOpen())
        return fail(QStringLiteral("cannot reach the database %1: %2")
                        .arg(database.redacted(), session.lastError()));
    Migrator migrator(session.database());
    if (!migrator.migrate())
        return fail(migrator.errorString());
    UserService users(session);
    if (options.subcommand == QLatin1String("list")) {
        const auto listed = users.list();
        if (!listed)
            return fail(errorCodeName(listed.error().code) + QStringLiteral(": ") +
                        listed.error().message);
        for (const StaffUser &user : *listed)
            std::printf("%s\t%s%s%s\n", qPrintable(user.username),
                        qPrintable(staffRoleName(user.role)), user.disabled ? "\tdisabled" : "",
                        user.lockedUntil.isValid() ? "\tlocked" : "");
        return 0;
    }
    const auto created = users.create(
        UserService::CreateCommand{options.username, *password, *staffRoleFromName(options.role)},
        AuditContext::system(QStringLiteral("cli:") + unixUser()));
    if (!created)
        return fail(errorCodeName(created.error().code) + QStringLiteral(": ") +
                    created.error().message);
    std::printf("created user %s (%s)\n", qPrintable(created->username),
                qPrintable(staffRoleName(created->role)));
    return 0;
}

std::optional<QString> UserCommand::readPassword(QString *error)
{
    if (!isatty(STDIN_FILENO)) {
        auto line = readLine();
        if (!line || line->isEmpty())
            *error = QStringLiteral("no password on stdin (one line)");
        return line && !line->isEmpty() ? line : std::nullopt;
    }
    const auto first = prompt("Password: ");
    const auto second = first ? prompt("Password again: ") : std::nullopt;
    if (!first || !second || first->isEmpty()) {
        *error = QStringLiteral("no password typed");
        return std::nullopt;
    }
    if (*first != *second) {
        *error = QStringLiteral("the two passwords differ");
        return std::nullopt;
    }
    return first;
}
