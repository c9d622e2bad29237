// --log-format json on the real server: every line it prints, from start to
// an orderly stop and for a failed start too, is one JSON object with the
// documented fields (the "listening on" line scripts read excepted); access
// lines carry their fields as numbers and strings; and no secret (the admin
// token, the database password) appears, not even where a message or a path
// held one.
#include "serverprocess.h"
#include "testdatabase.h"
#include "testhttpclient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

namespace {
const QString kListening = QStringLiteral("boxoffice-server listening on ");

// Every line but the listening one as a JSON object; a line that is not one
// fails the test with the line in the message.
QList<QJsonObject> jsonLines(const QString &output, QString *bad)
{
    QList<QJsonObject> objects;
    for (const QString &line : output.split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
        if (line.startsWith(kListening))
            continue;
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(line.toUtf8(), &error);
        if (error.error != QJsonParseError::NoError || !document.isObject()) {
            *bad = line;
            return objects;
        }
        objects.append(document.object());
    }
    return objects;
}

// The fields every line has, with their types; empty when all is well.
QString stableFieldsProblem(const QJsonObject &object)
{
    static const QRegularExpression rfc3339(
        QStringLiteral(R"(^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$)"));
    static const QStringList levels = {QStringLiteral("debug"), QStringLiteral("info"),
                                       QStringLiteral("warning"), QStringLiteral("error"),
                                       QStringLiteral("fatal")};
    if (!rfc3339.match(object.value(QStringLiteral("ts")).toString()).hasMatch())
        return QStringLiteral("ts");
    if (!levels.contains(object.value(QStringLiteral("level")).toString()))
        return QStringLiteral("level");
    if (object.value(QStringLiteral("category")).toString().isEmpty())
        return QStringLiteral("category");
    if (!object.value(QStringLiteral("msg")).isString())
        return QStringLiteral("msg");
    return {};
}
} // namespace

class TestJsonLogs : public QObject
{
    Q_OBJECT

private:
    QString m_databaseUrl;

    void expectAllJson(const QString &output, QList<QJsonObject> *objects)
    {
        QString bad;
        *objects = jsonLines(output, &bad);
        QVERIFY2(bad.isNull(), qPrintable(QStringLiteral("not a JSON object: ") + bad));
        QVERIFY2(!objects->isEmpty(), qPrintable(output));
        for (const QJsonObject &object : std::as_const(*objects)) {
            const QString problem = stableFieldsProblem(object);
            QVERIFY2(problem.isEmpty(),
                     qPrintable(QStringLiteral("bad or missing \"%1\" in %2")
                                    .arg(problem, QString::fromUtf8(QJsonDocument(object).toJson(
                                                      QJsonDocument::Compact)))));
        }
    }

    void expectAbsent(const QString &output, const QString &secret)
    {
        const qsizetype at = output.indexOf(secret);
        QVERIFY2(at < 0,
                 qPrintable(QStringLiteral("'%1' appears in the log at: %2")
                                .arg(secret, output.mid(qMax<qsizetype>(0, at - 200), 300))));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(TestDatabase::instance().start(),
                 qPrintable(TestDatabase::instance().errorString()));
        m_databaseUrl = TestDatabase::instance().createDatabase();
        QVERIFY(!QUrl(m_databaseUrl).password().isEmpty());
    }

    void everyLineIsAJsonObject()
    {
        ServerProcess server;
        server.setDatabaseUrl(m_databaseUrl);
        server.setArguments({QStringLiteral("--log-format"), QStringLiteral("json")});
        server.setEnvironment(QStringLiteral("QT_LOGGING_RULES"),
                              QStringLiteral("boxoffice.*.debug=true"));
        server.setEnvironment(QStringLiteral("BOXOFFICE_ACCESS_LOG"), QStringLiteral("on"));
        QVERIFY2(server.start(), qPrintable(server.errorString()));
        const QString token = QString::fromLatin1(server.adminToken());
        const QString password = QUrl(m_databaseUrl).password();

        TestHttpClient http(server.baseUrl(), server.adminToken());
        QVERIFY(http.createShow(QStringLiteral("JSON logs"), 10) > 0);
        const auto listed = http.send("GET", QStringLiteral("/shows?limit=3"), {},
                                      {{"X-Request-Id", "json-listed"}});
        QCOMPARE(listed.status, 200);
        // Secrets in a path reach the access line's text and its path field.
        const auto tokenPath = http.send("GET", QStringLiteral("/shows/") + token, {},
                                         {{"X-Request-Id", "json-token-path"}});
        QVERIFY2(tokenPath.status >= 400 && tokenPath.status < 500,
                 qPrintable(tokenPath.describe()));
        const auto passwordPath = http.send(
            "GET", QStringLiteral("/x/") + QString::fromLatin1(QUrl::toPercentEncoding(password)),
            {}, {{"X-Request-Id", "json-password-path"}});
        QCOMPARE(passwordPath.status, 404);
        QVERIFY2(server.stop(), qPrintable(server.errorString()));

        const QString output = server.output();
        // ServerProcess::output() keeps the last 20000 characters: all of it, here.
        QVERIFY2(output.size() < 20000, "the test must see the whole output");
        QVERIFY2(output.contains(kListening), qPrintable(output));
        QList<QJsonObject> objects;
        expectAllJson(output, &objects);
        if (QTest::currentTestFailed())
            return;
        expectAbsent(output, token);
        expectAbsent(output, password);
        expectAbsent(output, QString::fromLatin1(QUrl::toPercentEncoding(password)));
        if (QTest::currentTestFailed())
            return;

        QHash<QString, QJsonObject> access;
        bool sawStopped = false;
        for (const QJsonObject &object : std::as_const(objects)) {
            const QString category = object.value(QStringLiteral("category")).toString();
            if (category == QLatin1String("boxoffice.http.access"))
                access.insert(object.value(QStringLiteral("request_id")).toString(), object);
            sawStopped = sawStopped || (category == QLatin1String("boxoffice.server") &&
                                        object.value(QStringLiteral("msg")).toString() ==
                                            QLatin1String("stopped"));
        }
        QVERIFY2(sawStopped, qPrintable(output.right(2000)));
        QVERIFY2(access.contains(QStringLiteral("json-listed")), qPrintable(output));
        const QJsonObject line = access.value(QStringLiteral("json-listed"));
        QCOMPARE(line.value(QStringLiteral("level")).toString(), QStringLiteral("info"));
        QCOMPARE(line.value(QStringLiteral("method")).toString(), QStringLiteral("GET"));
        QCOMPARE(line.value(QStringLiteral("path")).toString(), QStringLiteral("/shows"));
        QCOMPARE(line.value(QStringLiteral("route")).toString(), QStringLiteral("/shows"));
        QVERIFY(line.value(QStringLiteral("status")).isDouble());
        QCOMPARE(line.value(QStringLiteral("status")).toInt(), 200);
        QVERIFY(line.value(QStringLiteral("duration_ms")).isDouble());
        QVERIFY(line.value(QStringLiteral("duration_ms")).toDouble() >= 0);
        QVERIFY(line.value(QStringLiteral("bytes")).isDouble());
        QCOMPARE(line.value(QStringLiteral("bytes")).toInt(), int(listed.body.size()));
        QCOMPARE(line.value(QStringLiteral("client")).toString(), QStringLiteral("127.0.0.1"));
        QVERIFY(line.value(QStringLiteral("actor")).isString());
        QCOMPARE(line.value(QStringLiteral("dropped")), QJsonValue(false));
        QVERIFY(line.value(QStringLiteral("msg"))
                    .toString()
                    .startsWith(QStringLiteral("GET /shows 200 ")));
        // The scrubbed path, in the text and in the field.
        const QJsonObject masked = access.value(QStringLiteral("json-token-path"));
        QCOMPARE(masked.value(QStringLiteral("path")).toString(), QStringLiteral("/shows/***"));
        QVERIFY(
            masked.value(QStringLiteral("msg")).toString().contains(QStringLiteral("/shows/*** ")));
        QCOMPARE(access.value(QStringLiteral("json-password-path"))
                     .value(QStringLiteral("path"))
                     .toString(),
                 QStringLiteral("/x/***"));
        QCOMPARE(access.value(QStringLiteral("json-password-path"))
                     .value(QStringLiteral("route"))
                     .toString(),
                 QString());
    }

    void failedStartIsJsonToo()
    {
        ServerProcess first;
        first.setDatabaseUrl(m_databaseUrl);
        QVERIFY2(first.start(), qPrintable(first.errorString()));
        // Its port is taken: the second one stops with an error, in JSON.
        ServerProcess second;
        second.setDatabaseUrl(m_databaseUrl);
        second.setPort(first.port());
        second.setEnvironment(QStringLiteral("BOXOFFICE_LOG_FORMAT"), QStringLiteral("json"));
        // No rule hides why a server did not start.
        second.setEnvironment(QStringLiteral("QT_LOGGING_RULES"),
                              QStringLiteral("boxoffice.*.critical=false"));
        QVERIFY(second.launch());
        QVERIFY(!second.waitUntilListening(60000));
        QTRY_VERIFY_WITH_TIMEOUT(!second.isRunning(), 10000);
        const QString output = second.output();
        QList<QJsonObject> objects;
        expectAllJson(output, &objects);
        if (QTest::currentTestFailed())
            return;
        const QJsonObject last = objects.last();
        QCOMPARE(last.value(QStringLiteral("level")).toString(), QStringLiteral("error"));
        QVERIFY2(
            last.value(QStringLiteral("msg")).toString().contains(QStringLiteral("cannot listen")),
            qPrintable(output));
        expectAbsent(output, QString::fromLatin1(second.adminToken()));
        expectAbsent(output, QUrl(m_databaseUrl).password());
    }

    void badLogFormatExitsWith2_data()
    {
        QTest::addColumn<bool>("byOption");
        QTest::newRow("--log-format yaml") << true;
        QTest::newRow("BOXOFFICE_LOG_FORMAT=yaml") << false;
    }

    void badLogFormatExitsWith2()
    {
        QFETCH(bool, byOption);
        // Should the value ever be taken, the server starts its embedded
        // cluster here, never in the default data directory.
        QTemporaryDir data;
        QVERIFY(data.isValid());
        QStringList arguments{QStringLiteral("--port"), QStringLiteral("0"),
                              QStringLiteral("--data-dir"), data.path()};
        if (byOption)
            arguments << QStringLiteral("--log-format") << QStringLiteral("yaml");
        QProcess process;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        if (!byOption)
            env.insert(QStringLiteral("BOXOFFICE_LOG_FORMAT"), QStringLiteral("yaml"));
        process.setProcessEnvironment(env);
        process.start(ServerProcess::binaryPath(), arguments);
        QVERIFY(process.waitForFinished(30000));
        QCOMPARE(process.exitCode(), 2);
        const QByteArray error = process.readAllStandardError();
        QVERIFY2(error.contains("--log-format") && error.contains("yaml"), error.constData());
    }
};

QTEST_GUILESS_MAIN(TestJsonLogs)
#include "tst_jsonlogs.moc"
