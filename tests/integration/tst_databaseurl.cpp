// DATABASE_URL: the reference backend's postgres:// URI, including libpq
// parameters in its query (sslmode=..., application_name=...), reaches the driver.
#include "db/databasesettings.h"
#include "serverprocess.h"
#include "testdatabase.h"
#include "testhttpclient.h"

#include <QSqlQuery>
#include <QUrlQuery>
#include <QtTest>

class TestDatabaseUrl : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void urlIsParsedIntoSettings()
    {
        QString error;
        const DatabaseSettings settings = DatabaseSettings::fromUrl(
            QUrl(QStringLiteral("postgresql://ann:s%40cret@db.example:6543/"
                                "tickets?sslmode=require&application_name=web")),
            &error);
        QCOMPARE(error, QString());
        QCOMPARE(settings.host, QStringLiteral("db.example"));
        QCOMPARE(settings.port, 6543);
        QCOMPARE(settings.user, QStringLiteral("ann"));
        QCOMPARE(settings.password, QStringLiteral("s@cret"));
        QCOMPARE(settings.database, QStringLiteral("tickets"));
        const QList<QPair<QString, QString>> expected = {
            {QStringLiteral("sslmode"), QStringLiteral("require")},
            {QStringLiteral("application_name"), QStringLiteral("web")}};
        QCOMPARE(settings.options, expected);
        QVERIFY(!settings.redacted().contains(QStringLiteral("s@cret")));
    }

    void unsafeParametersAreRefused()
    {
        QString error;
        DatabaseSettings::fromUrl(
            QUrl(QStringLiteral("postgres://u@h/db?options=-c%20x%3D1%3Bsslmode%3Ddisable")),
            &error);
        QVERIFY2(error.contains(QStringLiteral("options")), qPrintable(error));
        error.clear();
        DatabaseSettings::fromUrl(QUrl(QStringLiteral("mysql://u@h/db")), &error);
        QVERIFY(!error.isEmpty());
    }

    void urlParametersReachTheDatabase()
    {
        QVERIFY2(TestDatabase::instance().start(),
                 qPrintable(TestDatabase::instance().errorString()));
        QUrl url(TestDatabase::instance().createDatabase());
        url.setQuery(QStringLiteral("application_name=boxoffice-url-test&sslmode=disable"));
        ServerProcess server;
        server.setDatabaseUrl(url.toString());
        QVERIFY2(server.start(), qPrintable(server.errorString()));
        // The connections the server opens in the background (notifications,
        // expiry) may not be up yet when it starts listening; one answered
        // request proves a worker's connection is open, and workers keep theirs.
        TestHttpClient http(server.baseUrl());
        const TestHttpClient::Reply health = http.get(QStringLiteral("/health"));
        QVERIFY2(health.status == 200, qPrintable(health.describe()));

        QUrl plain = url;
        plain.setQuery(QString());
        QSqlQuery query(TestDatabase::open(plain.toString()));
        QVERIFY(query.exec(QStringLiteral("SELECT count(*) FROM pg_stat_activity"
                                          " WHERE application_name = 'boxoffice-url-test'")));
        QVERIFY(query.next());
        QVERIFY2(query.value(0).toInt() >= 1,
                 "the server's connections should carry the URL's application_name");
    }

    void hostPortAndPasswordFromTheQueryAreUsedAndLogged()
    {
        // libpq's form postgres://user@/db?host=...&port=...&password=...: the server
        // connects there and logs that host and port (not an empty host or 5432).
        QVERIFY2(TestDatabase::instance().start(),
                 qPrintable(TestDatabase::instance().errorString()));
        const QUrl database(TestDatabase::instance().createDatabase());
        const QString url = QStringLiteral("postgres://%1@/%2?host=%3&port=%4&password=%5")
                                .arg(database.userName(), database.path().mid(1), database.host())
                                .arg(database.port())
                                .arg(database.password());
        ServerProcess server;
        server.setDatabaseUrl(url);
        QVERIFY2(server.start(), qPrintable(server.errorString()));
        const QString expected = QStringLiteral("postgres://%1:***@%2:%3/%4")
                                     .arg(database.userName(), database.host())
                                     .arg(database.port())
                                     .arg(database.path().mid(1));
        QVERIFY2(server.output().contains(expected),
                 qPrintable(
                     QStringLiteral("expected %1 in the log:\n%2").arg(expected, server.output())));
        QVERIFY(!server.output().contains(database.password()));
        QVERIFY2(server.stop(), qPrintable(server.errorString()));
    }
};

QTEST_GUILESS_MAIN(TestDatabaseUrl)
#include "tst_databaseurl.moc"
