// Zero-config start: with no database configured the server creates its own
// PostgreSQL cluster in the data directory, generates and stores an admin
// token, reuses both on the next start, and stops the cluster on exit.
#include "serverprocess.h"
#include "testhttpclient.h"

#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QtTest>

class TestZeroConfig : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dataDirectory;

    QString pidFile() const
    {
        return m_dataDirectory.filePath(QStringLiteral("postgresql/pgdata/postmaster.pid"));
    }

    QByteArray storedToken() const
    {
        QFile file(m_dataDirectory.filePath(QStringLiteral("admin-token")));
        return file.open(QIODevice::ReadOnly) ? file.readAll().trimmed() : QByteArray();
    }

    void configure(ServerProcess &server)
    {
        server.setDataDirectory(m_dataDirectory.path());
        server.setEnvironment(QStringLiteral("BOXOFFICE_ADMIN_TOKEN"),
                              QString()); // let it generate one
    }

private Q_SLOTS:
    void firstStartCreatesClusterAndToken()
    {
        ServerProcess server;
        configure(server);
        QVERIFY2(server.start(120000), qPrintable(server.errorString()));
        QVERIFY(QFileInfo::exists(
            m_dataDirectory.filePath(QStringLiteral("postgresql/pgdata/PG_VERSION"))));
        QVERIFY2(server.output().contains(m_dataDirectory.path()),
                 "the log should say where the data lives");

        const QByteArray token = storedToken();
        QVERIFY(token.size() >= 32);
        QCOMPARE(QFileInfo(m_dataDirectory.filePath(QStringLiteral("admin-token"))).permissions() &
                     (QFile::ReadGroup | QFile::ReadOther),
                 QFile::Permissions());

        TestHttpClient http(server.baseUrl(), token);
        QCOMPARE(http.get(QStringLiteral("/health")).status, 200);
        QVERIFY(http.createShow(QStringLiteral("Survives restarts"), 50) > 0);
        TestHttpClient wrongToken(server.baseUrl(), "not-the-token");
        QCOMPARE(wrongToken.createShow(QStringLiteral("Refused"), 5), 0);

        QVERIFY2(server.stop(), qPrintable(server.output()));
        QVERIFY2(!QFileInfo::exists(pidFile()),
                 "the embedded PostgreSQL should stop with the server");
    }

    void secondStartReusesDataAndToken()
    {
        const QByteArray token = storedToken();
        ServerProcess server;
        configure(server);
        QVERIFY2(server.start(), qPrintable(server.errorString()));
        QCOMPARE(storedToken(), token);
        TestHttpClient http(server.baseUrl(), token);
        const auto shows = http.get(QStringLiteral("/shows")).array();
        QCOMPARE(shows.size(), 1);
        QCOMPARE(shows.first().toObject().value(QStringLiteral("name")).toString(),
                 QStringLiteral("Survives restarts"));
        QVERIFY(http.createShow(QStringLiteral("Second"), 5) > 0);

        // Killed without cleanup, the cluster keeps running; the next start adopts it.
        server.kill();
        QVERIFY(QFileInfo::exists(pidFile()));
        ServerProcess again;
        configure(again);
        QVERIFY2(again.start(), qPrintable(again.errorString()));
        QVERIFY2(again.output().contains(QStringLiteral("reusing")), qPrintable(again.output()));
        TestHttpClient httpAgain(again.baseUrl(), token);
        QCOMPARE(httpAgain.get(QStringLiteral("/shows")).array().size(), 2);
        QVERIFY2(again.stop(), qPrintable(again.errorString()));
        QVERIFY(!QFileInfo::exists(pidFile()));
    }

    void sampleShowsOnRequest()
    {
        QTemporaryDir fresh;
        ServerProcess server;
        server.setDataDirectory(fresh.path());
        server.setArguments({QStringLiteral("--sample-shows")});
        QVERIFY2(server.start(120000), qPrintable(server.errorString()));
        TestHttpClient http(server.baseUrl(), server.adminToken());
        const auto shows = http.get(QStringLiteral("/shows")).array();
        QVERIFY2(shows.size() >= 3, "a first run with --sample-shows has something to show");
        QVERIFY2(server.stop(), qPrintable(server.errorString()));
    }
};

QTEST_GUILESS_MAIN(TestZeroConfig)
#include "tst_zeroconfig.moc"
