#include "embeddedcluster.h"

#include "app/logcategories.h"
#include "secretfile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QProcess>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTcpServer>
#include <QUuid>
#include <QVersionNumber>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

namespace {
constexpr auto kSuperuser = "boxoffice";

struct ClusterUser
{
    bool switchUser = false;
    uid_t uid = 0;
    gid_t gid = 0;
};

// Root may not run PostgreSQL; pick the account it will run as instead.
ClusterUser clusterUser()
{
    ClusterUser user;
    if (geteuid() != 0)
        return user;
    for (const char *name : {"postgres", "nobody"}) {
        if (const passwd *pw = getpwnam(name)) {
            user.switchUser = true;
            user.uid = pw->pw_uid;
            user.gid = pw->pw_gid;
            return user;
        }
    }
    return user;
}

int freeLocalPort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}

QString randomSecret()
{
    QByteArray bytes(24, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(bytes.data()),
                                          bytes.size() / int(sizeof(quint32)));
    return QString::fromLatin1(bytes.toHex());
}
} // namespace

EmbeddedCluster::EmbeddedCluster(QString rootDirectory) : m_root(std::move(rootDirectory))
{
    m_binDir = findBinDirectory();
}

QString EmbeddedCluster::dataDirectory() const
{
    return m_root + QStringLiteral("/pgdata");
}

QString EmbeddedCluster::findBinDirectory()
{
    const QString fromEnv = qEnvironmentVariable("BOXOFFICE_PG_BINDIR");
    if (!fromEnv.isEmpty())
        return fromEnv;
    // Debian keeps the server programs out of PATH, one directory per major version.
    QDir versions(QStringLiteral("/usr/lib/postgresql"));
    QStringList entries = versions.entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    std::sort(entries.begin(), entries.end(), [](const QString &a, const QString &b) {
        return QVersionNumber::fromString(a) > QVersionNumber::fromString(b);
    });
    for (const QString &version : entries) {
        const QString bin = versions.filePath(version + QStringLiteral("/bin"));
        if (QFileInfo::exists(bin + QStringLiteral("/initdb")))
            return bin;
    }
    const QString initdb = QStandardPaths::findExecutable(QStringLiteral("initdb"));
    return initdb.isEmpty() ? QString() : QFileInfo(initdb).absolutePath();
}

bool EmbeddedCluster::runTool(const QString &tool, const QStringList &arguments, int timeoutMs)
{
    if (m_binDir.isEmpty()) {
        m_error = QStringLiteral("PostgreSQL server programs not found (install postgresql, or set "
                                 "BOXOFFICE_PG_BINDIR)");
        return false;
    }
    QProcess process;
    const ClusterUser user = clusterUser();
    if (user.switchUser) {
        process.setChildProcessModifier([user] {
            // Runs in the forked child only; failure leaves it root and PostgreSQL refuses to
            // start, which is reported through the tool's own output.
            if (setgroups(0, nullptr) != 0 || setgid(user.gid) != 0 || setuid(user.uid) != 0)
                _exit(126);
        });
    }
    const QString program = m_binDir + QLatin1Char('/') + tool;
    if (!QFileInfo(program).isExecutable()) {
        m_error = QStringLiteral("no %1 in %2 (install postgresql, or set BOXOFFICE_PG_BINDIR to "
                                 "the directory of initdb and pg_ctl)")
                      .arg(tool, m_binDir);
        return false;
    }
    // The postmaster inherits this environment (through pg_ctl) and runs as
    // another account: none of our secrets go with it.
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString &name : env.keys()) {
        if (name.startsWith(QLatin1String("BOXOFFICE_")) || name == QLatin1String("PGPASSWORD") ||
            name == QLatin1String("DATABASE_URL"))
            env.remove(name);
    }
    env.insert(QStringLiteral("LC_ALL"), QStringLiteral("C"));
    process.setProcessEnvironment(env);
    process.setWorkingDirectory(m_root);
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(program, arguments);
    const bool finished = process.waitForFinished(timeoutMs);
    if (!finished || process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        const QString output = QString::fromLocal8Bit(process.readAll()).trimmed();
        QString reason;
        if (process.error() == QProcess::FailedToStart)
            reason = QStringLiteral("cannot run %1: %2").arg(program, process.errorString());
        else if (!finished)
            reason = QStringLiteral("no answer within %1 s").arg(timeoutMs / 1000);
        else if (process.exitStatus() != QProcess::NormalExit)
            reason = QStringLiteral("it crashed");
        else if (process.exitCode() == 126 && output.isEmpty())
            reason = QStringLiteral("cannot switch to the PostgreSQL user");
        else
            reason = QStringLiteral("exit code %1").arg(process.exitCode());
        m_error =
            QStringLiteral("%1 failed (%2)%3")
                .arg(tool, reason, output.isEmpty() ? QString() : QStringLiteral(": ") + output);
        if (process.state() != QProcess::NotRunning)
            process.kill();
        return false;
    }
    return true;
}

bool EmbeddedCluster::prepareRoot()
{
    m_createdRoot = !QFileInfo::exists(m_root) && !QFileInfo(m_root).isSymLink();
    if (m_createdRoot && !QDir().mkpath(m_root)) {
        m_createdRoot = false;
        m_error = QStringLiteral("cannot create %1").arg(m_root);
        return false;
    }
    // Owner and mode are set on the descriptor of the directory itself, never
    // through a symlink that may stand in its place.
    const int fd = ::open(QFile::encodeName(m_root).constData(),
                          O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
        m_error = QStringLiteral("cannot open %1 (%2)")
                      .arg(m_root, QString::fromLocal8Bit(strerror(errno)));
        return false;
    }
    const ClusterUser user = clusterUser();
    bool ok = true;
    if (user.switchUser && ::fchown(fd, user.uid, user.gid) != 0) {
        m_error = QStringLiteral("cannot hand %1 to the PostgreSQL user").arg(m_root);
        ok = false;
    }
    if (ok && ::fchmod(fd, 0700) != 0) {
        m_error = QStringLiteral("cannot set the mode of %1").arg(m_root);
        ok = false;
    }
    ::close(fd);
    return ok;
}

void EmbeddedCluster::removeHalfMadeCluster()
{
    // Only what this start made: the whole directory if it made it, else the
    // password file and whatever initdb left (it removes its own failures).
    if (m_createdRoot) {
        QDir(m_root).removeRecursively();
        m_createdRoot = false;
        return;
    }
    if (m_createdPassword)
        QFile::remove(m_root + QStringLiteral("/db-password"));
    if (m_createdPgdata)
        QDir(dataDirectory()).removeRecursively();
    m_createdPassword = m_createdPgdata = false;
}

bool EmbeddedCluster::initialise()
{
    if (QFileInfo::exists(dataDirectory()) &&
        !QDir(dataDirectory()).isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden)) {
        m_error = QStringLiteral("%1 holds files but no PG_VERSION; move it away to start afresh")
                      .arg(dataDirectory());
        return false;
    }
    const QString passwordFile = m_root + QStringLiteral("/db-password");
    // initdb reads the file as the cluster's user; handed over on the descriptor.
    const ClusterUser user = clusterUser();
    QString error;
    if (!SecretFile::write(passwordFile, randomSecret().toLatin1(), &error,
                           user.switchUser ? user.uid : uid_t(-1),
                           user.switchUser ? user.gid : gid_t(-1))) {
        m_error = error;
        return false;
    }
    m_createdPassword = true;
    m_createdPgdata = !QFileInfo::exists(dataDirectory());
    qCInfo(lcDb) << "creating PostgreSQL cluster in" << dataDirectory();
    return runTool(QStringLiteral("initdb"),
                   {QStringLiteral("-D"), dataDirectory(), QStringLiteral("-U"),
                    QString::fromLatin1(kSuperuser), QStringLiteral("--pwfile=") + passwordFile,
                    QStringLiteral("--auth=scram-sha-256"), QStringLiteral("--no-locale"),
                    QStringLiteral("-E"), QStringLiteral("UTF8"), QStringLiteral("--no-sync")});
}

int EmbeddedCluster::runningPort() const
{
    // Line 4 of postmaster.pid is the port; the file exists only while the postmaster runs
    // (or after a crash, which pg_ctl status tells apart).
    QFile pidFile(dataDirectory() + QStringLiteral("/postmaster.pid"));
    if (!pidFile.open(QIODevice::ReadOnly))
        return 0;
    const QList<QByteArray> lines = pidFile.readAll().split('\n');
    return lines.size() > 3 ? lines.at(3).trimmed().toInt() : 0;
}

bool EmbeddedCluster::start(const QString &databaseName)
{
    if (!prepareRoot())
        return false;
    if (!QFileInfo::exists(dataDirectory() + QStringLiteral("/PG_VERSION")) && !initialise()) {
        removeHalfMadeCluster();
        return false;
    }
    // A whole cluster now: never removed by us.
    m_createdRoot = m_createdPassword = m_createdPgdata = false;

    QByteArray password;
    bool exists = false;
    QString error;
    if (!SecretFile::read(m_root + QStringLiteral("/db-password"), &password, &exists, &error) ||
        !exists) {
        m_error = exists || !error.isEmpty()
                      ? error
                      : QStringLiteral("cannot read %1/db-password").arg(m_root);
        return false;
    }
    m_settings.password = QString::fromLatin1(password.trimmed());
    m_settings.user = QString::fromLatin1(kSuperuser);
    m_settings.host = QStringLiteral("127.0.0.1");
    m_settings.database = databaseName;

    int port = 0;
    if (runTool(QStringLiteral("pg_ctl"),
                {QStringLiteral("status"), QStringLiteral("-D"), dataDirectory()}))
        port = runningPort();
    if (port > 0) {
        qCInfo(lcDb) << "reusing the PostgreSQL cluster already running on port" << port;
    } else {
        port = m_preferredPort > 0 ? m_preferredPort : freeLocalPort();
        QStringList options = {QStringLiteral("-p %1").arg(port),
                               QStringLiteral("-c listen_addresses=127.0.0.1"),
                               QStringLiteral("-c unix_socket_directories=''")};
        for (const QString &option : m_serverOptions)
            options << QStringLiteral("-c ") + option;
        if (!runTool(QStringLiteral("pg_ctl"),
                     {QStringLiteral("start"), QStringLiteral("-D"), dataDirectory(),
                      QStringLiteral("-w"), QStringLiteral("-t"), QStringLiteral("60"),
                      QStringLiteral("-l"), m_root + QStringLiteral("/postgresql.log"),
                      QStringLiteral("-o"), options.join(QLatin1Char(' '))}))
            return false;
    }
    m_startedByUs = true;
    m_settings.port = port;
    return ensureDatabase(databaseName);
}

bool EmbeddedCluster::ensureDatabase(const QString &databaseName)
{
    const QString connectionName =
        QStringLiteral("cluster-admin-") + QUuid::createUuid().toString();
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), connectionName);
        db.setHostName(m_settings.host);
        db.setPort(m_settings.port);
        db.setUserName(m_settings.user);
        db.setPassword(m_settings.password);
        db.setDatabaseName(QStringLiteral("postgres"));
        if (db.open()) {
            QSqlQuery query(db);
            query.prepare(QStringLiteral("SELECT 1 FROM pg_database WHERE datname = ?"));
            query.addBindValue(databaseName);
            ok = query.exec();
            if (ok && !query.next()) {
                // Identifiers cannot be bound; quote it instead.
                QString quoted = databaseName;
                quoted.replace(QLatin1Char('"'), QStringLiteral("\"\""));
                ok = query.exec(QStringLiteral("CREATE DATABASE \"%1\"").arg(quoted));
            }
            if (!ok)
                m_error = query.lastError().text();
        } else {
            m_error = db.lastError().text();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(connectionName);
    return ok;
}

bool EmbeddedCluster::stop()
{
    if (!m_startedByUs)
        return true;
    m_startedByUs = false;
    return runTool(QStringLiteral("pg_ctl"),
                   {QStringLiteral("stop"), QStringLiteral("-D"), dataDirectory(),
                    QStringLiteral("-m"), QStringLiteral("fast"), QStringLiteral("-w")});
}

qint64 EmbeddedCluster::postmasterPid() const
{
    QFile pidFile(dataDirectory() + QStringLiteral("/postmaster.pid"));
    if (!pidFile.open(QIODevice::ReadOnly))
        return 0;
    return pidFile.readLine().trimmed().toLongLong();
}

bool EmbeddedCluster::isRunning() const
{
    const qint64 pid = postmasterPid();
    // EPERM: alive, owned by the cluster's account.
    if (pid <= 0 || (::kill(pid_t(pid), 0) != 0 && errno != EPERM))
        return false;
    // A dead postmaster stays a zombie until its parent reaps it, and in a
    // container that parent (pid 1) may never do so: ask /proc for its state.
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return true; // no /proc: trust kill()
    const QByteArray line = stat.readAll();
    const qsizetype close = line.lastIndexOf(')');
    const char state = close >= 0 && close + 2 < line.size() ? line.at(close + 2) : 'R';
    return state != 'Z' && state != 'X';
}

bool EmbeddedCluster::restart()
{
    if (m_settings.port > 0)
        m_preferredPort = m_settings.port;
    m_startedByUs = false;
    return start(m_settings.database);
}
