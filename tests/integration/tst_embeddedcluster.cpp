// The embedded cluster's defences, tested as the suite runs in CI (as root):
// root follows no symlink planted in the cluster's directory, keeps secrets
// 0600, gives PostgreSQL none of its secrets, refuses data directories that are
// not its own, brings a killed postmaster back, and says why a wrong
// BOXOFFICE_PG_BINDIR fails without leaving a half-made directory.
#include "serverprocess.h"
#include "testdatabase.h"
#include "testhttpclient.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

namespace {
const QByteArray kOutsideContent = "not yours\n";
const QString kSecretVariable = QStringLiteral("BOXOFFICE_TEST_SECRET");

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool writeFile(const QString &path, const QByteArray &data)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(data) == data.size();
}

QString modeOf(const QString &path)
{
    struct stat info;
    if (::lstat(QFile::encodeName(path).constData(), &info) != 0)
        return QStringLiteral("missing");
    return QString::number(info.st_mode & 07777, 8);
}

// Runs the server to its end (it is expected to refuse to start).
struct Refusal
{
    int exitCode = -1;
    QString output;
};

Refusal runUntilExit(const QStringList &arguments, const QMap<QString, QString> &environment = {})
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char *name : {"DATABASE_URL", "PGHOST", "PGDATABASE", "BOXOFFICE_DATA_DIR"})
        env.remove(QString::fromLatin1(name));
    env.insert(QStringLiteral("BOXOFFICE_ADMIN_TOKEN"), QStringLiteral("refusal-test-token"));
    for (auto it = environment.begin(); it != environment.end(); ++it)
        env.insert(it.key(), it.value());
    process.setProcessEnvironment(env);
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(ServerProcess::binaryPath(),
                  QStringList{QStringLiteral("--port"), QStringLiteral("0")} + arguments);
    Refusal result;
    if (!process.waitForFinished(60000)) {
        process.kill();
        process.waitForFinished(5000);
        result.output = QStringLiteral("(still running after 60 s) ");
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.output += QString::fromLocal8Bit(process.readAll());
    return result;
}
} // namespace

class TestEmbeddedCluster : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dataDirectory;
    QTemporaryDir m_outside; // where planted symlinks point
    ServerProcess m_server;

    QString clusterPath(const QString &name) const
    {
        return m_dataDirectory.filePath(QStringLiteral("postgresql/") + name);
    }

    qint64 postmasterPid() const
    {
        return readAll(clusterPath(QStringLiteral("pgdata/postmaster.pid")))
            .split('\n')
            .first()
            .trimmed()
            .toLongLong();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dataDirectory.isValid() && m_outside.isValid());
        // The cluster's account owns postgresql/; as that account one could put a
        // symlink where root will write the password file. Plant one.
        QVERIFY(QDir(m_dataDirectory.path()).mkdir(QStringLiteral("postgresql")));
        const QString target = m_outside.filePath(QStringLiteral("target"));
        QVERIFY(writeFile(target, kOutsideContent));
        QVERIFY(QFile::setPermissions(target, QFile::ReadOwner | QFile::WriteOwner |
                                                  QFile::ReadGroup | QFile::ReadOther));
        QVERIFY(QFile::link(target, clusterPath(QStringLiteral("db-password"))));
        if (geteuid() == 0) {
            if (const passwd *pw = getpwnam("postgres"))
                QCOMPARE(::chown(QFile::encodeName(clusterPath(QString())).constData(), pw->pw_uid,
                                 pw->pw_gid),
                         0);
        }

        m_server.setDataDirectory(m_dataDirectory.path());
        m_server.setEnvironment(QStringLiteral("BOXOFFICE_ADMIN_TOKEN"), QString());
        m_server.setEnvironment(QStringLiteral("PGPASSWORD"), QStringLiteral("pg-secret-1"));
        m_server.setEnvironment(kSecretVariable, QStringLiteral("another-secret"));
        QVERIFY2(m_server.start(120000), qPrintable(m_server.errorString()));
    }

    void plantedSymlinkIsNotFollowed()
    {
        const QString target = m_outside.filePath(QStringLiteral("target"));
        QCOMPARE(readAll(target), kOutsideContent);
        QCOMPARE(modeOf(target), QStringLiteral("644"));
        struct stat info;
        QCOMPARE(::stat(QFile::encodeName(target).constData(), &info), 0);
        QVERIFY2(info.st_uid == geteuid(), "the target must not have been handed to PostgreSQL");
        const QFileInfo password(clusterPath(QStringLiteral("db-password")));
        QVERIFY2(!password.isSymLink() && password.isFile(),
                 "the symlink should have been replaced by a file of the server's own");
    }

    void secretFilesAre0600()
    {
        QCOMPARE(modeOf(clusterPath(QStringLiteral("db-password"))), QStringLiteral("600"));
        QCOMPARE(modeOf(m_dataDirectory.filePath(QStringLiteral("admin-token"))),
                 QStringLiteral("600"));
        if (geteuid() == 0)
            QCOMPARE(modeOf(m_dataDirectory.path()), QStringLiteral("711"));
    }

    void postgresGetsNoSecretsInItsEnvironment()
    {
        const qint64 pid = postmasterPid();
        QVERIFY2(pid > 0, "postmaster.pid should name the postmaster");
        const QByteArray environ = readAll(QStringLiteral("/proc/%1/environ").arg(pid));
        QVERIFY2(!environ.isEmpty(), "the postmaster's environment should be readable");
        const QStringList forbidden = {QStringLiteral("BOXOFFICE_ADMIN_TOKEN"),
                                       QStringLiteral("PGPASSWORD"), QStringLiteral("DATABASE_URL"),
                                       kSecretVariable};
        for (const QByteArray &entry : environ.split('\0')) {
            const QString name = QString::fromLocal8Bit(entry.left(entry.indexOf('=')));
            QVERIFY2(
                !forbidden.contains(name) && !name.startsWith(QStringLiteral("BOXOFFICE_")),
                qPrintable(QStringLiteral("the postmaster has %1 in its environment").arg(name)));
        }
    }

    void killedPostmasterIsRestarted()
    {
        TestHttpClient http(m_server.baseUrl());
        TestHttpClient admin(
            m_server.baseUrl(),
            readAll(m_dataDirectory.filePath(QStringLiteral("admin-token"))).trimmed());
        QVERIFY(admin.createShow(QStringLiteral("Outlives its postmaster"), 10) > 0);
        QCOMPARE(http.get(QStringLiteral("/health")).status, 200);

        const qint64 pid = postmasterPid();
        QVERIFY(pid > 0);
        QCOMPARE(::kill(pid_t(pid), SIGKILL), 0);
        // Down: 503, never a hang or another status. Up again by itself.
        QTRY_VERIFY_WITH_TIMEOUT(postmasterPid() != pid && postmasterPid() > 0, 60000);
        QList<int> seen;
        QTRY_VERIFY_WITH_TIMEOUT(
            (seen << http.get(QStringLiteral("/health")).status, seen.last() == 200), 60000);
        for (int status : std::as_const(seen))
            QVERIFY2(
                status == 200 || status == 503,
                qPrintable(QStringLiteral("/health during the restart answered %1").arg(status)));
        const QJsonArray shows = http.get(QStringLiteral("/shows")).array();
        QCOMPARE(shows.size(), 1);
        QTRY_VERIFY2_WITH_TIMEOUT(
            m_server.output().contains(QStringLiteral("PostgreSQL is back on port")),
            qPrintable(m_server.output()), 10000);
        QVERIFY2(m_server.stop(), qPrintable(m_server.errorString()));
        QVERIFY2(!QFileInfo::exists(clusterPath(QStringLiteral("pgdata/postmaster.pid"))),
                 "the restarted cluster should stop with the server");
    }

    void symlinkedTokenFileIsRefused()
    {
        QVERIFY2(TestDatabase::instance().start(),
                 qPrintable(TestDatabase::instance().errorString()));
        QTemporaryDir data;
        const QString target = m_outside.filePath(QStringLiteral("token-target"));
        QVERIFY(writeFile(target, kOutsideContent));
        QVERIFY(QFile::link(target, data.filePath(QStringLiteral("admin-token"))));
        const Refusal result = runUntilExit({QStringLiteral("--data-dir"), data.path(),
                                             QStringLiteral("--database-url"),
                                             TestDatabase::instance().createDatabase()},
                                            {{QStringLiteral("BOXOFFICE_ADMIN_TOKEN"), QString()}});
        QVERIFY2(result.exitCode != 0, qPrintable(result.output));
        QVERIFY2(result.output.contains(QStringLiteral("symbolic link")),
                 qPrintable(result.output));
        QCOMPARE(readAll(target), kOutsideContent);
        QVERIFY(QFileInfo(data.filePath(QStringLiteral("admin-token"))).isSymLink());
    }

    void foreignDataDirectoryIsRefused_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::newRow("/tmp") << QStringLiteral("tmp");
        QTest::newRow("non-empty directory") << QStringLiteral("non-empty");
    }

    void foreignDataDirectoryIsRefused()
    {
        QFETCH(QString, kind);
        QTemporaryDir own;
        QString path = QStringLiteral("/tmp");
        if (kind == QLatin1String("non-empty")) {
            path = own.path();
            QVERIFY(writeFile(own.filePath(QStringLiteral("notes.txt")), "mine\n"));
            QVERIFY(QFile::setPermissions(path,
                                          QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
        }
        const QString modeBefore = modeOf(path);
        const QStringList entriesBefore =
            QDir(path).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden);
        const Refusal result = runUntilExit({QStringLiteral("--data-dir"), path});
        QVERIFY2(result.exitCode != 0,
                 qPrintable(QStringLiteral("expected a refusal, saw exit %1: %2")
                                .arg(result.exitCode)
                                .arg(result.output)));
        QVERIFY2(result.output.contains(QStringLiteral("refusing")), qPrintable(result.output));
        QCOMPARE(modeOf(path), modeBefore);
        if (kind == QLatin1String("non-empty"))
            QCOMPARE(QDir(path).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden),
                     entriesBefore);
        else
            QVERIFY(!QFileInfo::exists(QStringLiteral("/tmp/postgresql/pgdata")) ||
                    entriesBefore.contains(QStringLiteral("postgresql")));
    }

    void wrongBinDirSaysWhyAndLeavesNothing_data()
    {
        QTest::addColumn<bool>("existsBefore");
        QTest::newRow("new data directory") << false;
        QTest::newRow("empty data directory") << true;
    }

    void wrongBinDirSaysWhyAndLeavesNothing()
    {
        QFETCH(bool, existsBefore);
        QTemporaryDir parent;
        const QString path = parent.filePath(QStringLiteral("data"));
        if (existsBefore)
            QVERIFY(QDir().mkdir(path));
        const QString binDir = parent.filePath(QStringLiteral("no-postgresql-here"));
        const Refusal result = runUntilExit({QStringLiteral("--data-dir"), path},
                                            {{QStringLiteral("BOXOFFICE_PG_BINDIR"), binDir}});
        QCOMPARE(result.exitCode, 1);
        QVERIFY2(result.output.contains(QStringLiteral("no initdb in ") + binDir),
                 qPrintable(result.output));
        if (existsBefore) {
            const QStringList left =
                QDir(path).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden);
            QVERIFY2(left.isEmpty(),
                     qPrintable(QStringLiteral("left behind: ") + left.join(QStringLiteral(", "))));
        } else {
            QVERIFY2(!QFileInfo::exists(path), "the data directory made by this start is removed");
        }
    }
};

QTEST_GUILESS_MAIN(TestEmbeddedCluster)
#include "tst_embeddedcluster.moc"
