// No secret reaches the server's output, even with every debug category on:
// not the database password (in the URL's userinfo or its query), not the
// admin token, not any Authorization header a client sends; while the log
// still says which database the server uses and that it shut down in order.
#include "serverprocess.h"
#include "testdatabase.h"

#include <QDeadlineTimer>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QtTest>

class TestLogRedaction : public QObject
{
    Q_OBJECT

private:
    QUrl m_database;
    const QByteArray m_token = "log-test-admin-token-4f9a2c";
    const QByteArray m_strangerToken = "stranger-token-77d1e0";

    // The server binary with all debug output on; all of its output is kept
    // (ServerProcess keeps only the tail).
    struct Server
    {
        QProcess process;
        QTemporaryDir data;
        QByteArray output;
        quint16 port = 0;

        bool startListening(const QString &url, const QByteArray &token, int timeoutMs)
        {
            launch(url, token);
            return waitFor(QStringLiteral(R"(listening on http://[^:]+:(\d+))"), timeoutMs);
        }

        void launch(const QString &url, const QByteArray &token)
        {
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            for (const char *name : {"DATABASE_URL", "PGHOST", "PGPASSWORD", "PGDATABASE"})
                env.remove(QString::fromLatin1(name));
            env.insert(QStringLiteral("BOXOFFICE_ADMIN_TOKEN"), QString::fromLatin1(token));
            env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("*.debug=true"));
            process.setProcessEnvironment(env);
            process.setProcessChannelMode(QProcess::MergedChannels);
            process.start(ServerProcess::binaryPath(),
                          {QStringLiteral("--port"), QStringLiteral("0"),
                           QStringLiteral("--listen"), QStringLiteral("127.0.0.1"),
                           QStringLiteral("--data-dir"), data.path(),
                           QStringLiteral("--database-url"), url});
        }

        bool waitFor(const QString &pattern, int timeoutMs)
        {
            const QRegularExpression re(pattern);
            const QDeadlineTimer deadline(timeoutMs);
            while (!deadline.hasExpired()) {
                process.waitForReadyRead(100);
                output += process.readAll();
                const auto match = re.match(QString::fromLocal8Bit(output));
                if (match.hasMatch()) {
                    port = quint16(match.captured(1).toUInt());
                    return true;
                }
                if (process.state() == QProcess::NotRunning)
                    return false;
            }
            return false;
        }

        void stop()
        {
            process.terminate();
            if (!process.waitForFinished(30000))
                process.kill();
            process.waitForFinished(5000);
            output += process.readAll();
        }
    };

    // One raw request with its own Authorization header; returns the status line.
    QByteArray rawRequest(quint16 port, const QByteArray &method, const QByteArray &path,
                          const QByteArray &authorization, const QByteArray &body = {})
    {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, port);
        if (!socket.waitForConnected(5000))
            return {};
        socket.write(method + ' ' + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " +
                     authorization + "\r\nContent-Type: application/json\r\nContent-Length: " +
                     QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
        QByteArray answer;
        while (socket.waitForReadyRead(10000))
            answer += socket.readAll();
        return answer.left(answer.indexOf("\r\n"));
    }

    void expectNoSecrets(const QByteArray &output, const QList<QByteArray> &secrets)
    {
        for (const QByteArray &secret : secrets) {
            const qsizetype at = output.indexOf(secret);
            QVERIFY2(at < 0, qPrintable(QStringLiteral("'%1' appears in the log at: %2")
                                            .arg(QString::fromLatin1(secret),
                                                 QString::fromLocal8Bit(output.mid(
                                                     qMax<qsizetype>(0, at - 200), 300)))));
        }
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(TestDatabase::instance().start(),
                 qPrintable(TestDatabase::instance().errorString()));
        m_database = QUrl(TestDatabase::instance().createDatabase());
        QVERIFY(!m_database.password().isEmpty());
    }

    void secretsNeverReachTheLog_data()
    {
        QTest::addColumn<bool>("passwordInQuery");
        QTest::newRow("password in the query") << true;
        QTest::newRow("password in the userinfo") << false;
    }

    void secretsNeverReachTheLog()
    {
        QFETCH(bool, passwordInQuery);
        const QString password = m_database.password();
        QUrl url = m_database;
        if (passwordInQuery) {
            url.setPassword(QString());
            url.setQuery(QStringLiteral("password=") + password +
                         QStringLiteral("&application_name=log-test"));
        }
        Server server;
        QVERIFY2(server.startListening(url.toString(), m_token, 60000),
                 qPrintable(QString::fromLocal8Bit(server.output)));

        const QByteArray created = rawRequest(
            server.port, "POST", "/admin/shows", "Bearer " + m_token,
            R"({"name":"Log test","start_time":"2030-01-01T19:30:00Z","total_seats":5})");
        QVERIFY2(created.contains(" 201 "), created.constData());
        QVERIFY2(rawRequest(server.port, "POST", "/admin/shows", "Bearer " + m_strangerToken, "{}")
                     .contains(" 401 "),
                 "a wrong token is refused");
        QVERIFY(rawRequest(server.port, "GET", "/shows", "Basic " + m_strangerToken.toBase64())
                    .contains(" 200 "));
        server.stop();

        const QByteArray &log = server.output;
        expectNoSecrets(
            log, {password.toLatin1(), m_token, m_strangerToken, m_strangerToken.toBase64()});
        if (QTest::currentTestFailed())
            return;
        // Still useful: where the database is, and an orderly shutdown.
        const QByteArray where = "postgres://" + m_database.userName().toLatin1() + ":***@" +
                                 m_database.host().toLatin1() + ':' +
                                 QByteArray::number(m_database.port()) + '/' +
                                 m_database.path().mid(1).toLatin1();
        QVERIFY2(log.contains(where), qPrintable(QStringLiteral("expected '%1' in the log:\n%2")
                                                     .arg(QString::fromLatin1(where),
                                                          QString::fromLocal8Bit(log.left(3000)))));
        QVERIFY2(log.contains("shutting down") && log.contains("stopped"),
                 qPrintable(QStringLiteral("expected the shutdown logged, saw the end:\n") +
                            QString::fromLocal8Bit(log.right(2000))));
    }

    void unreachableDatabaseErrorsHideThePassword()
    {
        // Connection failures are logged with the URL and libpq's own error text.
        const QString password = m_database.password();
        QUrl url = m_database;
        url.setPort(1);
        url.setPassword(QString());
        url.setQuery(QStringLiteral("password=") + password);
        Server server;
        server.launch(url.toString(), m_token);
        QVERIFY2(server.waitFor(QStringLiteral("cannot connect"), 30000),
                 qPrintable(QString::fromLocal8Bit(server.output)));
        server.stop();
        expectNoSecrets(server.output, {password.toLatin1(), m_token});
        QVERIFY2(server.output.contains("127.0.0.1:1/"),
                 qPrintable(QString::fromLocal8Bit(server.output.left(2000))));
    }
};

QTEST_GUILESS_MAIN(TestLogRedaction)
#include "tst_logredaction.moc"
