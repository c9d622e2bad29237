// "boxoffice-server user add|list" from the command line: against
// DATABASE_URL (migrating a new database first) and against the embedded
// cluster of a data directory, stopped again afterwards, or shared with a
// server that is running on it. The row has an Argon2id hash of the password
// read from stdin; bad input exits non-zero and changes nothing.
#include "auth/passwordhasher.h"
#include "serverprocess.h"
#include "testdatabase.h"
#include "testhttpclient.h"

#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

namespace {
const QByteArray kPassword = "a long enough password";

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
    QString describe() const
    {
        return QStringLiteral("exit %1, stdout '%2', stderr '%3'").arg(exitCode).arg(out, err);
    }
};

// The server binary with these arguments and stdin, in an environment that
// names no database unless the test adds one.
Run runCli(const QStringList &arguments, const QByteArray &input,
           const QProcessEnvironment &extra = {})
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char *name : {"DATABASE_URL", "PGHOST", "PGPORT", "PGUSER", "PGPASSWORD",
                             "PGDATABASE", "BOXOFFICE_DATA_DIR"})
        env.remove(QString::fromLatin1(name));
    env.insert(extra);
    process.setProcessEnvironment(env);
    process.start(ServerProcess::binaryPath(), QStringList{QStringLiteral("user")} + arguments);
    Run run;
    if (!process.waitForStarted(10000))
        return run;
    process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(180000)) {
        process.kill();
        process.waitForFinished();
        return run;
    }
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.out = QString::fromUtf8(process.readAllStandardOutput());
    run.err = QString::fromUtf8(process.readAllStandardError());
    return run;
}
} // namespace

class TestUserCommand : public QObject
{
    Q_OBJECT

private:
    QString m_url;
    QTemporaryDir m_dataDirectory;

    qint64 users(const QString &where = QStringLiteral("true"))
    {
        return TestDatabase::integer(
            m_url, QStringLiteral("SELECT count(*) FROM staff_users WHERE ") + where);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(PasswordHasher::initialise());
        QVERIFY2(TestDatabase::instance().start(),
                 qPrintable(TestDatabase::instance().errorString()));
        // Not migrated: the command migrates, as a server's first start would.
        m_url = TestDatabase::instance().createDatabase();
        QVERIFY(!m_url.isEmpty());
        QVERIFY(m_dataDirectory.isValid());
    }

    void addCreatesAnAdminInDatabaseUrl()
    {
        const Run run =
            runCli({QStringLiteral("add"), QStringLiteral("FirstAdmin"), QStringLiteral("--role"),
                    QStringLiteral("admin"), QStringLiteral("--database-url"), m_url},
                   kPassword + '\n');
        QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
        QCOMPARE(run.out.trimmed(), QStringLiteral("created user firstadmin (admin)"));
        QCOMPARE(
            users(QStringLiteral("username = 'firstadmin' AND role = 'admin' AND NOT disabled")),
            1);
        const QString hash =
            TestDatabase::scalar(m_url, "SELECT password_hash FROM staff_users WHERE username = "
                                        "'firstadmin'")
                .toString();
        QVERIFY2(hash.startsWith(QLatin1String("$argon2id$")), qPrintable(hash));
        QVERIFY2(PasswordHasher::verify(hash, QString::fromUtf8(kPassword)),
                 "the stored hash is not of the password given on stdin");
        QCOMPARE(TestDatabase::integer(m_url, "SELECT count(*) FROM audit_log WHERE action = "
                                              "'user.create' AND actor LIKE 'cli:%'"),
                 1);
    }

    void environmentDatabaseUrlAndList()
    {
        QProcessEnvironment env;
        env.insert(QStringLiteral("DATABASE_URL"), m_url);
        const Run added = runCli({QStringLiteral("add"), QStringLiteral("clerk.one"),
                                  QStringLiteral("--role"), QStringLiteral("clerk")},
                                 kPassword, env); // no line end: the last line still counts
        QVERIFY2(added.exitCode == 0, qPrintable(added.describe()));
        const Run listed = runCli({QStringLiteral("list")}, {}, env);
        QVERIFY2(listed.exitCode == 0, qPrintable(listed.describe()));
        QVERIFY2(listed.out.contains(QLatin1String("clerk.one\tclerk")), qPrintable(listed.out));
        QVERIFY2(listed.out.contains(QLatin1String("firstadmin\tadmin")), qPrintable(listed.out));
    }

    void takenNameExitsOne()
    {
        const qint64 before = users();
        const Run run =
            runCli({QStringLiteral("add"), QStringLiteral("firstadmin"), QStringLiteral("--role"),
                    QStringLiteral("clerk"), QStringLiteral("--database-url"), m_url},
                   kPassword + '\n');
        QVERIFY2(run.exitCode == 1, qPrintable(run.describe()));
        QVERIFY2(run.err.contains(QLatin1String("username_taken")), qPrintable(run.describe()));
        QCOMPARE(users(), before);
    }

    void badInputExitsNonZero_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QString>("said");
        const QString name = QStringLiteral("newuser");
        QTest::newRow("shop role")
            << QStringList{"add", name, "--role", "shop"} << kPassword << "--role";
        QTest::newRow("unknown role")
            << QStringList{"add", name, "--role", "root"} << kPassword << "--role";
        QTest::newRow("no role") << QStringList{"add", name} << kPassword << "usage";
        QTest::newRow("short password") << QStringList{"add", name, "--role", "clerk"}
                                        << QByteArray("short\n") << "weak_password";
        QTest::newRow("no password")
            << QStringList{"add", name, "--role", "clerk"} << QByteArray() << "no password";
        QTest::newRow("bad name") << QStringList{"add", "-x-", "--role", "clerk"} << kPassword
                                  << "";
        QTest::newRow("bad name chars")
            << QStringList{"add", "bad name", "--role", "clerk"} << kPassword << "invalid_field";
        QTest::newRow("unknown command") << QStringList{"remove", name} << kPassword << "usage";
    }

    void badInputExitsNonZero()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QByteArray, input);
        QFETCH(QString, said);
        const qint64 before = users();
        const Run run =
            runCli(arguments + QStringList{QStringLiteral("--database-url"), m_url}, input);
        QVERIFY2(run.exitCode > 0, qPrintable(run.describe()));
        QVERIFY2(run.err.contains(said),
                 qPrintable(QStringLiteral("expected '%1' in: %2").arg(said, run.describe())));
        QCOMPARE(users(), before);
    }

    void embeddedDataDirectory()
    {
        const QString dir = m_dataDirectory.path();
        const QString pidFile = dir + QStringLiteral("/postgresql/pgdata/postmaster.pid");
        const Run added =
            runCli({QStringLiteral("add"), QStringLiteral("boss"), QStringLiteral("--role"),
                    QStringLiteral("admin"), QStringLiteral("--data-dir"), dir},
                   kPassword + '\n');
        QVERIFY2(added.exitCode == 0, qPrintable(added.describe()));
        QCOMPARE(added.out.trimmed(), QStringLiteral("created user boss (admin)"));
        QVERIFY2(!QFileInfo::exists(pidFile),
                 "the cluster the command started should be stopped again");

        // A server on that directory sees the account, and the command can
        // add another while it runs without stopping the server's cluster.
        ServerProcess server;
        server.setDataDirectory(dir);
        QVERIFY2(server.start(120000), qPrintable(server.errorString()));
        QProcessEnvironment env;
        env.insert(QStringLiteral("BOXOFFICE_DATA_DIR"), dir);
        const Run second = runCli({QStringLiteral("add"), QStringLiteral("second.clerk"),
                                   QStringLiteral("--role"), QStringLiteral("clerk")},
                                  kPassword + '\n', env);
        QVERIFY2(second.exitCode == 0, qPrintable(second.describe()));
        QVERIFY2(QFileInfo::exists(pidFile), "the command stopped the server's cluster");
        TestHttpClient http(server.baseUrl(), server.adminToken());
        const auto listed = http.get(QStringLiteral("/admin/users"), true);
        QVERIFY2(listed.status == 200, qPrintable(listed.describe()));
        QStringList names;
        for (const QJsonValue &user : listed.object().value(QStringLiteral("users")).toArray())
            names << user.toObject().value(QStringLiteral("username")).toString();
        QCOMPARE(names, (QStringList{QStringLiteral("boss"), QStringLiteral("second.clerk")}));
        QVERIFY2(server.stop(), qPrintable(server.output()));
    }
};

QTEST_GUILESS_MAIN(TestUserCommand)
#include "tst_usercommand.moc"
