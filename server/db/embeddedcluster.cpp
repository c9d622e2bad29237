#include "embeddedcluster.h"

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

#include <grp.h>
#include <pwd.h>
#include <unistd.h>

Q_DECLARE_LOGGING_CATEGORY(lcDb)

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
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("LC_ALL"), QStringLiteral("C"));
    process.setProcessEnvironment(env);
    process.setWorkingDirectory(m_root);
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(m_binDir + QLatin1Char('/') + tool, arguments);
    if (!process.waitForFinished(timeoutMs) || process.exitStatus() != QProcess::NormalExit ||
        process.exitCode() != 0) {
        m_error = QStringLiteral("%1 failed: %2")
                      .arg(tool, QString::fromLocal8Bit(process.readAll()).trimmed());
        if (process.state() != QProcess::NotRunning)
            process.kill();
        return false;
    }
    return true;
}

bool EmbeddedCluster::prepareOwnership(const QString &path)
{
    const ClusterUser user = clusterUser();
    if (user.switchUser && chown(QFile::encodeName(path).constData(), user.uid, user.gid) != 0) {
        m_error = QStringLiteral("cannot hand %1 to the PostgreSQL user").arg(path);
        return false;
    }
    return true;
}

bool EmbeddedCluster::initialise()
{
    const QString passwordFile = m_root + QStringLiteral("/db-password");
    QFile secret(passwordFile);
    if (!secret.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        m_error = QStringLiteral("cannot write %1").arg(passwordFile);
        return false;
    }
    secret.setPermissions(QFile::ReadOwner | QFile::WriteOwner);
    secret.write(randomSecret().toLatin1());
    secret.close();
    if (!prepareOwnership(passwordFile))
        return false;
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
    if (!QDir().mkpath(m_root) || !prepareOwnership(m_root)) {
        if (m_error.isEmpty())
            m_error = QStringLiteral("cannot create %1").arg(m_root);
        return false;
    }
    QFile::setPermissions(m_root, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    if (!QFileInfo::exists(dataDirectory() + QStringLiteral("/PG_VERSION")) && !initialise())
        return false;

    QFile secret(m_root + QStringLiteral("/db-password"));
    if (!secret.open(QIODevice::ReadOnly)) {
        m_error = QStringLiteral("cannot read %1").arg(secret.fileName());
        return false;
    }
    m_settings.password = QString::fromLatin1(secret.readAll().trimmed());
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
