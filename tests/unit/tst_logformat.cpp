// One line of --log-format json (LogFormat::jsonLine): a JSON object that no
// message can break (quotes, backslashes, line breaks, control characters),
// Qt's levels named as documented, the access fields only on the access line
// being logged, and those fields scrubbed when the line held a secret.
#include "app/accesslog.h"
#include "app/logcategories.h"
#include "app/logformat.h"
#include "app/logredaction.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

namespace {
QJsonObject parse(const QByteArray &line, QString *error)
{
    if (!line.endsWith('\n') || line.count('\n') != 1) {
        *error = QStringLiteral("not one line: ") + QString::fromUtf8(line);
        return {};
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(line, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        *error = parseError.errorString() + QStringLiteral(": ") + QString::fromUtf8(line);
    return document.object();
}

QMessageLogContext contextOf(const char *category)
{
    return QMessageLogContext(nullptr, 0, nullptr, category);
}

FinishedRequest sampleRequest()
{
    FinishedRequest request;
    request.requestId = "abc123";
    request.method = QHttpServerRequest::Method::Get;
    request.path = QStringLiteral("/shows/3");
    request.route = QStringLiteral("/shows/:id");
    request.status = 200;
    request.bodyBytes = 42;
    request.duration = std::chrono::microseconds(1834);
    request.clientAddress = QStringLiteral("192.0.2.7");
    request.actor = QStringLiteral("bootstrap-admin");
    return request;
}
} // namespace

class TestLogFormat : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void messagesStayOneObject_data()
    {
        QTest::addColumn<QString>("message");
        QTest::newRow("quotes") << QStringLiteral("using \"postgres://x\"");
        QTest::newRow("backslash") << QStringLiteral("C:\\path\\");
        QTest::newRow("line breaks") << QStringLiteral("one\ntwo\r\nthree");
        QTest::newRow("control characters") << QStringLiteral("bell\x07 esc\x1b nul") + QChar(0);
        QTest::newRow("non-ASCII") << QStringLiteral("Zürich – 東京 😀");
        QTest::newRow("a forged object") << QStringLiteral("\"}\n{\"level\":\"fatal\"");
    }

    void messagesStayOneObject()
    {
        QFETCH(QString, message);
        QString error;
        const QJsonObject object =
            parse(LogFormat::jsonLine(QtWarningMsg, contextOf("boxoffice.db"), message), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(object.value(QStringLiteral("msg")).toString(), message);
        QCOMPARE(object.value(QStringLiteral("level")).toString(), QStringLiteral("warning"));
        QCOMPARE(object.value(QStringLiteral("category")).toString(),
                 QStringLiteral("boxoffice.db"));
        QVERIFY(QRegularExpression(QStringLiteral(R"(^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$)"))
                    .match(object.value(QStringLiteral("ts")).toString())
                    .hasMatch());
        QVERIFY(!object.contains(QStringLiteral("status")));
    }

    void levelsAreNamed_data()
    {
        QTest::addColumn<int>("type");
        QTest::addColumn<QString>("level");
        QTest::newRow("debug") << int(QtDebugMsg) << QStringLiteral("debug");
        QTest::newRow("info") << int(QtInfoMsg) << QStringLiteral("info");
        QTest::newRow("warning") << int(QtWarningMsg) << QStringLiteral("warning");
        QTest::newRow("critical") << int(QtCriticalMsg) << QStringLiteral("error");
        QTest::newRow("fatal") << int(QtFatalMsg) << QStringLiteral("fatal");
    }

    void levelsAreNamed()
    {
        QFETCH(int, type);
        QFETCH(QString, level);
        QString error;
        const QJsonObject object = parse(
            LogFormat::jsonLine(QtMsgType(type), contextOf(nullptr), QStringLiteral("x")), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(object.value(QStringLiteral("level")).toString(), level);
        QCOMPARE(object.value(QStringLiteral("category")).toString(), QStringLiteral("default"));
    }

    void accessLineCarriesItsFields()
    {
        const FinishedRequest request = sampleRequest();
        const QString method = QStringLiteral("GET");
        const QString line = AccessLog::line(request, method, request.path);
        QCOMPARE(line, QStringLiteral("GET /shows/3 200 1.8ms id=abc123 route=/shows/:id "
                                      "client=192.0.2.7 actor=bootstrap-admin"));
        QByteArray json;
        {
            const LogFormat::AccessFields fields(request, method, request.path, line);
            json = LogFormat::jsonLine(QtInfoMsg, contextOf(lcAccess().categoryName()), line);
        }
        QString error;
        const QJsonObject object = parse(json, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(object.value(QStringLiteral("msg")).toString(), line);
        QCOMPARE(object.value(QStringLiteral("request_id")).toString(), QStringLiteral("abc123"));
        QCOMPARE(object.value(QStringLiteral("method")).toString(), method);
        QCOMPARE(object.value(QStringLiteral("path")).toString(), QStringLiteral("/shows/3"));
        QCOMPARE(object.value(QStringLiteral("route")).toString(), QStringLiteral("/shows/:id"));
        QCOMPARE(object.value(QStringLiteral("status")), QJsonValue(200));
        QCOMPARE(object.value(QStringLiteral("duration_ms")).toDouble(), 1.834);
        QCOMPARE(object.value(QStringLiteral("bytes")), QJsonValue(42));
        QCOMPARE(object.value(QStringLiteral("client")).toString(), QStringLiteral("192.0.2.7"));
        QCOMPARE(object.value(QStringLiteral("actor")).toString(),
                 QStringLiteral("bootstrap-admin"));
        QCOMPARE(object.value(QStringLiteral("dropped")), QJsonValue(false));
        // Outside the scope, or on another category, a line is a plain one.
        const QByteArray plain =
            LogFormat::jsonLine(QtInfoMsg, contextOf(lcAccess().categoryName()), line);
        QVERIFY(!parse(plain, &error).contains(QStringLiteral("status")));
    }

    void accessFieldsAreScrubbedWithTheirLine()
    {
        const QString secret = QStringLiteral("unit-secret-5e1f0a");
        LogRedaction::addSecret(secret);
        FinishedRequest request = sampleRequest();
        request.path = QStringLiteral("/shows/") + secret;
        request.dropped = true;
        const QString method = QStringLiteral("GET");
        const QString line = AccessLog::line(request, method, request.path);
        QVERIFY(line.endsWith(QStringLiteral(" dropped")));
        QByteArray json;
        {
            const LogFormat::AccessFields fields(request, method, request.path, line);
            // What LogRedaction's handler hands on: the scrubbed text.
            json = LogFormat::jsonLine(QtInfoMsg, contextOf(lcAccess().categoryName()),
                                       LogRedaction::scrub(line));
        }
        QVERIFY2(!json.contains(secret.toLatin1()), json.constData());
        QString error;
        const QJsonObject object = parse(json, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(object.value(QStringLiteral("path")).toString(), QStringLiteral("/shows/***"));
        QCOMPARE(object.value(QStringLiteral("dropped")), QJsonValue(true));
    }

    void emptyAndUnsafeValuesInTheText()
    {
        FinishedRequest request = sampleRequest();
        request.route.clear();
        request.actor = QStringLiteral("name with\nbreak");
        const QString line = AccessLog::line(request, QStringLiteral("GET"), request.path);
        QVERIFY2(line.contains(QStringLiteral(" route=- ")), qPrintable(line));
        QVERIFY2(line.endsWith(QStringLiteral("actor=name%20with%0Abreak")), qPrintable(line));
    }

    void formatNamesParse()
    {
        QCOMPARE(LogFormat::parse(QStringLiteral("text")), LogFormat::Format::Text);
        QCOMPARE(LogFormat::parse(QStringLiteral("json")), LogFormat::Format::Json);
        QVERIFY(!LogFormat::parse(QStringLiteral("JSON ")).has_value());
        QVERIFY(!LogFormat::parse(QString()).has_value());
    }
};

QTEST_GUILESS_MAIN(TestLogFormat)
#include "tst_logformat.moc"
