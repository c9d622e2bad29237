// HTTPS end to end, with a certificate the test makes with Debian's openssl:
// the server with --tls-cert/--tls-key answers over TLS 1.2+ only, refuses an
// older protocol and plain HTTP (without an answer, and stays healthy), a
// whole booking works over HTTPS, the redirect port answers 308 to the HTTPS
// URL, and unusable certificate or key files stop the server with exit code 2.
#include "rawhttpresponse.h"
#include "serverprocess.h"
#include "testcertificate.h"
#include "testdatabase.h"
#include "testhttpclient.h"

#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QtTest>

#include <memory>

class TestTls : public QObject
{
    Q_OBJECT

private:
    TestCertificate m_certificate;
    QString m_databaseUrl;
    std::unique_ptr<ServerProcess> m_redirecting;
    quint16 m_redirectPort = 0;

    QStringList tlsArguments() const
    {
        return {QStringLiteral("--tls-cert"), m_certificate.certificatePath(),
                QStringLiteral("--tls-key"), m_certificate.keyPath()};
    }

    static quint16 freePort()
    {
        QTcpServer probe;
        probe.listen(QHostAddress::LocalHost, 0);
        return probe.serverPort();
    }

    // One request over a fresh TLS connection that trusts only our certificate;
    // the raw answer (empty when the handshake failed, with *why set).
    QByteArray exchangeTls(quint16 port, const QByteArray &request, QString *why,
                           QSsl::SslProtocol protocol = QSsl::SecureProtocols)
    {
        QSslSocket socket;
        QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
        configuration.setCaCertificates({m_certificate.certificate()});
        configuration.setProtocol(protocol);
        socket.setSslConfiguration(configuration);
        socket.connectToHostEncrypted(QStringLiteral("localhost"), port);
        if (!socket.waitForEncrypted(15000)) {
            *why = socket.errorString();
            return {};
        }
        *why = socket.sessionProtocol() == QSsl::TlsV1_3   ? QStringLiteral("TLS 1.3")
               : socket.sessionProtocol() == QSsl::TlsV1_2 ? QStringLiteral("TLS 1.2")
                                                           : QStringLiteral("older than TLS 1.2");
        socket.write(request);
        QByteArray received;
        while (socket.waitForReadyRead(10000)) {
            received += socket.readAll();
            QByteArray copy = received;
            if (!RawHttpResponse::takeAll(&copy).isEmpty())
                break;
        }
        return received;
    }

    // openssl s_client offering exactly one protocol version; true when the
    // handshake succeeded. SECLEVEL=0 lets it offer TLS 1.1 at all.
    bool opensslHandshake(quint16 port, const QString &versionFlag, QString *output)
    {
        QProcess client;
        client.setProcessChannelMode(QProcess::MergedChannels);
        client.start(QStringLiteral("openssl"),
                     {QStringLiteral("s_client"), QStringLiteral("-connect"),
                      QStringLiteral("127.0.0.1:%1").arg(port), versionFlag,
                      QStringLiteral("-cipher"), QStringLiteral("DEFAULT:@SECLEVEL=0"),
                      QStringLiteral("-brief")});
        client.closeWriteChannel(); // EOF on stdin: s_client closes after the handshake
        if (!client.waitForFinished(30000)) {
            client.kill();
            client.waitForFinished();
            *output = QStringLiteral("openssl s_client did not finish");
            return false;
        }
        *output = QString::fromLocal8Bit(client.readAll());
        return client.exitCode() == 0 && output->contains(QLatin1String("CONNECTION ESTABLISHED"));
    }

    static bool serverExits(ServerProcess &server, int *exitCode, QString *output)
    {
        if (!server.launch())
            return false;
        const bool listened = server.waitUntilListening(30000);
        *output = server.output() + server.errorString();
        if (listened)
            return false;
        const QRegularExpression code(QStringLiteral("exited with code (\\d+)"));
        const auto match = code.match(server.errorString());
        *exitCode = match.hasMatch() ? match.captured(1).toInt() : -1;
        return match.hasMatch();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(QSslSocket::supportsSsl(), "Qt's OpenSSL backend is needed");
        QVERIFY2(TestDatabase::instance().start(),
                 qPrintable(TestDatabase::instance().errorString()));
        QVERIFY2(m_certificate.generate(), qPrintable(m_certificate.errorString()));
        m_databaseUrl = TestDatabase::instance().createDatabase();
        // TestHttpClient's QNetworkAccessManager trusts the test's certificate.
        QSslConfiguration trusting = QSslConfiguration::defaultConfiguration();
        trusting.addCaCertificate(m_certificate.certificate());
        QSslConfiguration::setDefaultConfiguration(trusting);
    }

    void cleanupTestCase() { m_redirecting.reset(); }

    void healthAnswersOverHttps()
    {
        ServerProcess server;
        server.setDatabaseUrl(m_databaseUrl);
        server.setArguments(tlsArguments());
        QVERIFY2(server.start(), qPrintable(server.errorString()));
        QVERIFY2(server.isTls() && server.baseUrl().scheme() == QLatin1String("https"),
                 qPrintable(QStringLiteral("expected an https start-up line, saw:\n") +
                            server.output()));
        QString protocol;
        QByteArray bytes = exchangeTls(
            server.port(), "GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n", &protocol);
        const QList<RawHttpResponse> answers = RawHttpResponse::takeAll(&bytes);
        QVERIFY2(answers.size() == 1,
                 qPrintable(QStringLiteral("expected one answer over TLS, got %1 (%2)")
                                .arg(answers.size())
                                .arg(protocol)));
        QVERIFY2(answers.first().status == 200, qPrintable(answers.first().describe()));
        QVERIFY2(protocol == QLatin1String("TLS 1.3") || protocol == QLatin1String("TLS 1.2"),
                 qPrintable(protocol));
    }

    void bookingRoundTripOverHttps()
    {
        ServerProcess server;
        server.setDatabaseUrl(m_databaseUrl);
        server.setArguments(tlsArguments());
        QVERIFY2(server.start(), qPrintable(server.errorString()));
        TestHttpClient http(server.baseUrl(), server.adminToken());
        const qint64 show = http.createShow(QStringLiteral("Encrypted evening"), 10);
        QVERIFY2(show > 0, qPrintable(server.output()));
        const auto booked = http.post(
            QStringLiteral("/shows/%1/book").arg(show),
            {{QStringLiteral("user_name"), QStringLiteral("Ann")}, {QStringLiteral("seats"), 2}},
            true);
        QVERIFY2(booked.status == 201, qPrintable(booked.describe()));
        const qint64 id = booked.object().value(QStringLiteral("id")).toInteger();
        const auto confirmed = http.post(QStringLiteral("/bookings/%1/confirm").arg(id), {}, true);
        QVERIFY2(confirmed.status == 200, qPrintable(confirmed.describe()));
        const auto read = http.get(QStringLiteral("/bookings/%1").arg(id), true);
        QVERIFY2(read.status == 200, qPrintable(read.describe()));
        QCOMPARE(read.object().value(QStringLiteral("status")).toString(),
                 QStringLiteral("CONFIRMED"));
        QCOMPARE(http.get(QStringLiteral("/shows/%1").arg(show))
                     .object()
                     .value(QStringLiteral("available_seats"))
                     .toInt(),
                 8);
    }

    void olderProtocolsAreRefused()
    {
        ServerProcess server;
        server.setDatabaseUrl(m_databaseUrl);
        server.setArguments(tlsArguments());
        QVERIFY2(server.start(), qPrintable(server.errorString()));
        QString output;
        // The same client succeeds with TLS 1.2, so its failure with 1.1 is the server's refusal.
        QVERIFY2(opensslHandshake(server.port(), QStringLiteral("-tls1_2"), &output),
                 qPrintable(QStringLiteral("TLS 1.2 should be accepted:\n") + output));
        QVERIFY2(!opensslHandshake(server.port(), QStringLiteral("-tls1_1"), &output),
                 qPrintable(QStringLiteral("TLS 1.1 should be refused:\n") + output));
        QVERIFY2(!opensslHandshake(server.port(), QStringLiteral("-tls1"), &output),
                 qPrintable(QStringLiteral("TLS 1.0 should be refused:\n") + output));
        TestHttpClient http(server.baseUrl(), server.adminToken());
        QCOMPARE(http.get(QStringLiteral("/health")).status, 200);
    }

    void plainHttpOnTheTlsPortGetsNoAnswer()
    {
        ServerProcess server;
        server.setDatabaseUrl(m_databaseUrl);
        server.setArguments(tlsArguments());
        QVERIFY2(server.start(), qPrintable(server.errorString()));
        for (int i = 0; i < 5; ++i) {
            QTcpSocket plain;
            plain.connectToHost(QStringLiteral("127.0.0.1"), server.port());
            QVERIFY2(plain.waitForConnected(10000), qPrintable(plain.errorString()));
            plain.write("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n");
            QByteArray received;
            // The server drops the connection; whatever comes first is no HTTP answer.
            while (plain.state() == QAbstractSocket::ConnectedState &&
                   plain.waitForReadyRead(15000))
                received += plain.readAll();
            received += plain.readAll();
            QVERIFY2(plain.state() != QAbstractSocket::ConnectedState,
                     "the server should close a plain-HTTP connection on its TLS port");
            QVERIFY2(!received.contains("HTTP/1."),
                     qPrintable(QStringLiteral("expected no HTTP answer, got: ") +
                                QString::fromLatin1(received.left(200).toHex(' '))));
        }
        TestHttpClient http(server.baseUrl(), server.adminToken());
        const auto health = http.get(QStringLiteral("/health"));
        QVERIFY2(health.status == 200, qPrintable(health.describe()));
        QVERIFY(server.isRunning());
    }

    void stalledHandshakesAreDroppedAndHoldSlotsMeanwhile()
    {
        ServerProcess server;
        server.setDatabaseUrl(m_databaseUrl);
        server.setArguments(tlsArguments()
                            << QStringLiteral("--max-connections") << QStringLiteral("2"));
        QVERIFY2(server.start(), qPrintable(server.errorString()));
        // Two clients that connect and never start their handshake fill the cap.
        QTcpSocket stalled[2];
        for (QTcpSocket &socket : stalled) {
            socket.connectToHost(QStringLiteral("127.0.0.1"), server.port());
            QVERIFY2(socket.waitForConnected(10000), qPrintable(socket.errorString()));
        }
        QString why;
        QTRY_VERIFY_WITH_TIMEOUT(
            exchangeTls(server.port(), "GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n", &why)
                .isEmpty(),
            10000);
        // The handshake timeout (10 s) closes them, which frees their slots.
        for (QTcpSocket &socket : stalled)
            QTRY_VERIFY2_WITH_TIMEOUT(socket.state() == QAbstractSocket::UnconnectedState,
                                      "a stalled handshake should be closed by the server", 30000);
        QByteArray bytes =
            exchangeTls(server.port(), "GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n", &why);
        const QList<RawHttpResponse> answers = RawHttpResponse::takeAll(&bytes);
        QVERIFY2(answers.size() == 1 && answers.first().status == 200,
                 qPrintable(QStringLiteral("expected 200 once the slots are free (%1)").arg(why)));
    }

    void redirectPortAnswers308ToHttps_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("location"); // %1 = the HTTPS port
        QTest::newRow("name and port")
            << QByteArray("GET /shows/3?x=1 HTTP/1.1\r\nHost: localhost:8080\r\n\r\n") << 308
            << QByteArray("https://localhost:%1/shows/3?x=1");
        QTest::newRow("bare name") << QByteArray("GET / HTTP/1.1\r\nHost: Box.Example.org\r\n\r\n")
                                   << 308 << QByteArray("https://Box.Example.org:%1/");
        QTest::newRow("IPv6 literal")
            << QByteArray("GET /health HTTP/1.1\r\nHost: [::1]:80\r\n\r\n") << 308
            << QByteArray("https://[::1]:%1/health");
        QTest::newRow("POST keeps its target")
            << QByteArray("POST /shows/1/book HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                          "application/json\r\nContent-Length: 2\r\n\r\n{}")
            << 308 << QByteArray("https://127.0.0.1:%1/shows/1/book");
        QTest::newRow("no Host") << QByteArray("GET / HTTP/1.0\r\n\r\n") << 400 << QByteArray();
        QTest::newRow("Host that is no name")
            << QByteArray("GET / HTTP/1.1\r\nHost: evil.org/x?\r\n\r\n") << 400 << QByteArray();
        QTest::newRow("malformed request")
            << QByteArray("GET /nothing\r\n\r\n") << 400 << QByteArray();
    }

    void redirectPortAnswers308ToHttps()
    {
        QFETCH(QByteArray, request);
        QFETCH(int, status);
        QFETCH(QByteArray, location);
        if (!m_redirecting) { // one server for every row
            m_redirectPort = freePort();
            m_redirecting = std::make_unique<ServerProcess>();
            m_redirecting->setDatabaseUrl(m_databaseUrl);
            m_redirecting->setArguments(tlsArguments() << QStringLiteral("--http-redirect-port")
                                                       << QString::number(m_redirectPort));
            QVERIFY2(m_redirecting->start(), qPrintable(m_redirecting->errorString()));
        }
        ServerProcess *server = m_redirecting.get();
        QTcpSocket plain;
        plain.connectToHost(QStringLiteral("127.0.0.1"), m_redirectPort);
        QVERIFY2(plain.waitForConnected(10000), qPrintable(plain.errorString()));
        plain.write(request);
        QByteArray received;
        while (plain.waitForReadyRead(10000))
            received += plain.readAll();
        QVERIFY2(plain.state() != QAbstractSocket::ConnectedState,
                 "the redirect port should close the connection after its answer");
        const QList<RawHttpResponse> answers = RawHttpResponse::takeAll(&received);
        QVERIFY2(answers.size() == 1,
                 qPrintable(QStringLiteral("expected one answer, got %1").arg(answers.size())));
        const RawHttpResponse &answer = answers.first();
        QVERIFY2(
            answer.status == status,
            qPrintable(QStringLiteral("expected %1, saw %2").arg(status).arg(answer.describe())));
        const QByteArray expected =
            location.isEmpty() ? QByteArray()
                               : QString::fromLatin1(location).arg(server->port()).toLatin1();
        QCOMPARE(answer.header("Location"), expected);
        QCOMPARE(answer.header("Connection").toLower(), QByteArray("close"));
        if (status == 400)
            QCOMPARE(answer.code(), QStringLiteral("bad_request"));
        // The HTTPS port is where the redirect points, and it answers.
        TestHttpClient http(server->baseUrl(), server->adminToken());
        QCOMPARE(http.get(QStringLiteral("/health")).status, 200);
    }

    void unusableCertificateOrKeyExitsWithCode2_data()
    {
        QTest::addColumn<QString>("certificate"); // file names in the certificate's directory,
        QTest::addColumn<QString>("key");         // or "" for the good file
        QTest::addColumn<QString>("message");
        QTest::newRow("missing key file") << QString() << QStringLiteral("absent.key")
                                          << QStringLiteral("cannot read the TLS key file");
        QTest::newRow("key file is no key") << QString() << QStringLiteral("garbage.pem")
                                            << QStringLiteral("no unencrypted PEM private key");
        QTest::newRow("certificate file is no certificate")
            << QStringLiteral("garbage.pem") << QString()
            << QStringLiteral("holds no PEM certificate");
        QTest::newRow("key of another certificate")
            << QString() << QStringLiteral("other.key") << QStringLiteral("does not work with");
    }

    void unusableCertificateOrKeyExitsWithCode2()
    {
        QFETCH(QString, certificate);
        QFETCH(QString, key);
        QFETCH(QString, message);
        {
            QFile garbage(m_certificate.filePath(QStringLiteral("garbage.pem")));
            QVERIFY(garbage.open(QIODevice::WriteOnly));
            garbage.write("-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n");
        }
        if (key == QLatin1String("other.key") && !QFile::exists(m_certificate.filePath(key))) {
            TestCertificate other;
            QVERIFY2(other.generate(), qPrintable(other.errorString()));
            QVERIFY(QFile::copy(other.keyPath(), m_certificate.filePath(key)));
        }
        ServerProcess server;
        server.setDatabaseUrl(m_databaseUrl);
        server.setArguments(
            {QStringLiteral("--tls-cert"),
             certificate.isEmpty() ? m_certificate.certificatePath()
                                   : m_certificate.filePath(certificate),
             QStringLiteral("--tls-key"),
             key.isEmpty() ? m_certificate.keyPath() : m_certificate.filePath(key)});
        int exitCode = -1;
        QString output;
        QVERIFY2(serverExits(server, &exitCode, &output),
                 qPrintable(QStringLiteral("the server should refuse to start:\n") + output));
        QVERIFY2(
            exitCode == 2,
            qPrintable(
                QStringLiteral("expected exit code 2, saw %1:\n%2").arg(exitCode).arg(output)));
        QVERIFY2(output.contains(message),
                 qPrintable(QStringLiteral("expected '%1' in:\n%2").arg(message, output)));
    }

    void plainServerOnAnotherAddressIsWarnedAbout()
    {
        // The harness listens on 127.0.0.1; a wildcard address without TLS is warned about.
        ServerProcess server;
        server.setDatabaseUrl(m_databaseUrl);
        server.setArguments({QStringLiteral("--listen"), QStringLiteral("0.0.0.0")});
        QVERIFY2(server.start(), qPrintable(server.errorString()));
        QVERIFY2(
            server.output().contains(QLatin1String("without TLS")),
            qPrintable(QStringLiteral("expected a warning about no TLS in:\n") + server.output()));
        ServerProcess local;
        local.setDatabaseUrl(m_databaseUrl);
        QVERIFY2(local.start(), qPrintable(local.errorString()));
        QVERIFY2(!local.output().contains(QLatin1String("without TLS")),
                 qPrintable(QStringLiteral("no warning expected on loopback:\n") + local.output()));
    }
};

QTEST_GUILESS_MAIN(TestTls)
#include "tst_tls.moc"
