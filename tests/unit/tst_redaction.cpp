// What may reach a log line: LogRedaction::scrub() masks registered secrets and
// secret-looking patterns; DatabaseSettings::redacted() shows where the database
// is (the effective host and port) and never a password.
#include "app/logredaction.h"
#include "db/databasesettings.h"

#include <QtTest>

class TestRedaction : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void patternsAreMasked_data()
    {
        QTest::addColumn<QString>("line");
        QTest::addColumn<QString>("secret");
        QTest::addColumn<QString>("kept");
        QTest::newRow("query password") << QStringLiteral("postgres://u@db:1/x?password=hunter2")
                                        << QStringLiteral("hunter2") << QStringLiteral("u@db:1/x");
        QTest::newRow("quoted conninfo") << QStringLiteral("host=db password='se cr\\'et' dbname=x")
                                         << QStringLiteral("cr\\'et") << QStringLiteral("dbname=x");
        QTest::newRow("sslpassword") << QStringLiteral("sslmode=require&sslpassword=k3yPass")
                                     << QStringLiteral("k3yPass") << QStringLiteral("sslmode");
        QTest::newRow("userinfo") << QStringLiteral("\"postgresql://ann:pa55word@db.example/t\"")
                                  << QStringLiteral("pa55word")
                                  << QStringLiteral("ann:***@db.example/t");
        QTest::newRow("PGPASSWORD") << QStringLiteral("env PGPASSWORD=zzz999 psql")
                                    << QStringLiteral("zzz999") << QStringLiteral("psql");
        QTest::newRow("admin token variable")
            << QStringLiteral("BOXOFFICE_ADMIN_TOKEN=tok_9f8e7d") << QStringLiteral("tok_9f8e7d")
            << QStringLiteral("BOXOFFICE_ADMIN_TOKEN=***");
        QTest::newRow("bearer") << QStringLiteral("sent Bearer abc.DEF-123_x and more")
                                << QStringLiteral("abc.DEF-123_x") << QStringLiteral("and more");
        QTest::newRow("header line")
            << QStringLiteral("Authorization: Basic dXNlcjpwYXNz\r\nHost: x")
            << QStringLiteral("dXNlcjpwYXNz") << QStringLiteral("Host: x");
        // How Qt 6.4's QDebug operator<< for QHttpServerRequest prints a header pair.
        QTest::newRow("qt request debug")
            << QStringLiteral("Request: QHttpServerRequest((Url: QUrl(\"http://h/admin/shows\"))"
                              "(Headers: (\"host\": \"h\"), (\"authorization\": \"Token "
                              "q1w2e3r4\"))(RemoteHost: QHostAddress(\"127.0.0.1\"))")
            << QStringLiteral("q1w2e3r4") << QStringLiteral("(RemoteHost:");
        QTest::newRow("header pair list")
            << QStringLiteral("((\"Authorization\", \"raw-token-value\"))")
            << QStringLiteral("raw-token-value") << QStringLiteral("Authorization");
    }

    void patternsAreMasked()
    {
        QFETCH(QString, line);
        QFETCH(QString, secret);
        QFETCH(QString, kept);
        const QString scrubbed = LogRedaction::scrub(line);
        QVERIFY2(!scrubbed.contains(secret),
                 qPrintable(QStringLiteral("'%1' should be masked in: %2").arg(secret, scrubbed)));
        QVERIFY2(scrubbed.contains(QStringLiteral("***")),
                 qPrintable(QStringLiteral("expected *** in: ") + scrubbed));
        QVERIFY2(scrubbed.contains(kept),
                 qPrintable(QStringLiteral("'%1' should stay in: %2").arg(kept, scrubbed)));
    }

    void harmlessLinesAreUnchanged_data()
    {
        QTest::addColumn<QString>("line");
        QTest::newRow("listening") << QStringLiteral("listening on http://127.0.0.1:3000/");
        QTest::newRow("token file")
            << QStringLiteral("admin token is in \"/var/lib/boxoffice/admin-token\"");
        QTest::newRow("redacted url") << QStringLiteral("postgres://u:***@h:5432/db");
        QTest::newRow("password file") << QStringLiteral("(user boxoffice, password in /x/y)");
    }

    void harmlessLinesAreUnchanged()
    {
        QFETCH(QString, line);
        QCOMPARE(LogRedaction::scrub(line), line);
    }

    void registeredSecretsAreMaskedAnywhere()
    {
        LogRedaction::addSecret(QStringLiteral("Xy7-very-secret"));
        LogRedaction::addSecret(QByteArray("p@ss/w0rd"));
        LogRedaction::addSecret(QStringLiteral("ab")); // too short to mask safely
        const QString scrubbed = LogRedaction::scrub(
            QStringLiteral("token Xy7-very-secret; url user:p%40ss%2Fw0rd; raw p@ss/w0rd; lab"));
        QVERIFY2(!scrubbed.contains(QStringLiteral("Xy7-very-secret")), qPrintable(scrubbed));
        QVERIFY2(!scrubbed.contains(QStringLiteral("p%40ss%2Fw0rd")), qPrintable(scrubbed));
        QVERIFY2(!scrubbed.contains(QStringLiteral("p@ss/w0rd")), qPrintable(scrubbed));
        QVERIFY2(scrubbed.endsWith(QStringLiteral("lab")), qPrintable(scrubbed));
    }

    void redactedUrlShowsTheEffectiveServer_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("expected");
        QTest::newRow("userinfo password")
            << QStringLiteral("postgres://ann:s%40cret@db.example:6543/tickets?sslmode=require")
            << QStringLiteral("postgres://ann:***@db.example:6543/tickets?sslmode=require");
        QTest::newRow("query password") << QStringLiteral("postgres://u@host:1/db?password=hunter2")
                                        << QStringLiteral("postgres://u:***@host:1/db");
        QTest::newRow("sslpassword")
            << QStringLiteral("postgres://u@host/db?sslpassword=k3y&sslmode=verify-full")
            << QStringLiteral("postgres://u@host:5432/db?sslpassword=***&sslmode=verify-full");
        QTest::newRow("host and port in query")
            << QStringLiteral("postgres://u@/db?host=127.0.0.1&port=5555")
            << QStringLiteral("postgres://u@127.0.0.1:5555/db");
        QTest::newRow("socket directory")
            << QStringLiteral("postgres:///boxoffice?host=/var/run/postgresql&port=5433")
            << QStringLiteral("postgres://%2Fvar%2Frun%2Fpostgresql:5433/boxoffice");
        QTest::newRow("ipv6") << QStringLiteral("postgres://u@[::1]:7/db")
                              << QStringLiteral("postgres://u@[::1]:7/db");
    }

    void redactedUrlShowsTheEffectiveServer()
    {
        QFETCH(QString, url);
        QFETCH(QString, expected);
        QString error;
        const DatabaseSettings settings = DatabaseSettings::fromUrl(QUrl(url), &error);
        QCOMPARE(error, QString());
        QCOMPARE(settings.redacted(), expected);
    }

    void secretsListsEveryPassword()
    {
        const DatabaseSettings settings = DatabaseSettings::fromUrl(
            QUrl(QStringLiteral("postgres://u:one1@h/db?sslpassword=two2&sslmode=require")));
        QCOMPARE(settings.secrets(), QStringList({QStringLiteral("one1"), QStringLiteral("two2")}));
    }

    void badPortInQueryIsRefused()
    {
        QString error;
        DatabaseSettings::fromUrl(QUrl(QStringLiteral("postgres://u@h/db?port=99999")), &error);
        QVERIFY2(error.contains(QStringLiteral("port")), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestRedaction)
#include "tst_redaction.moc"
