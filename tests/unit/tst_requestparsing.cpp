// Turning untrusted request parts into typed values: path ids, JSON bodies
// (with their Content-Type), query integers and typed body fields.
#include "http/requestparsing.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QtTest>

namespace {
ApiRequest requestWithBody(const QByteArray &body,
                           const QByteArray &contentType = "application/json")
{
    ApiRequest request;
    request.method = QHttpServerRequest::Method::Post;
    request.path = QStringLiteral("/shows/1/book");
    request.body = body;
    request.contentType = contentType;
    return request;
}

QString codeOf(const DomainError &error)
{
    return errorCodeName(error.code);
}
} // namespace

class TestRequestParsing : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void idAcceptsPositiveDecimalIntegers_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("expected");
        QTest::newRow("one") << "1" << qint64(1);
        QTest::newRow("leading zeros") << "007" << qint64(7);
        QTest::newRow("bigint max") << "9223372036854775807" << std::numeric_limits<qint64>::max();
    }

    void idAcceptsPositiveDecimalIntegers()
    {
        QFETCH(QString, text);
        QFETCH(qint64, expected);
        const auto id = RequestParsing::id(text);
        QVERIFY2(id.ok(), qPrintable(QStringLiteral("'%1' rejected: %2")
                                         .arg(text, id.ok() ? QString() : id.error().message)));
        QCOMPARE(*id, expected);
    }

    void idRejectsEverythingElse_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("empty") << "";
        QTest::newRow("zero") << "0";
        QTest::newRow("negative") << "-1";
        QTest::newRow("plus sign") << "+1";
        QTest::newRow("letters") << "abc";
        QTest::newRow("decimal") << "1.5";
        QTest::newRow("exponent") << "1e3";
        QTest::newRow("hex") << "0x10";
        QTest::newRow("space") << " 1";
        QTest::newRow("trailing letter") << "12a";
        QTest::newRow("bigint max + 1") << "9223372036854775808";
        QTest::newRow("twenty digits") << "99999999999999999999";
        QTest::newRow("23 digits") << "99999999999999999999999";
        QTest::newRow("Arabic-Indic digits") << QString::fromUtf8("\u0661\u0662");
        QTest::newRow("full-width digits") << QString::fromUtf8("\uff11");
    }

    void idRejectsEverythingElse()
    {
        QFETCH(QString, text);
        const auto id = RequestParsing::id(text);
        QVERIFY2(
            !id.ok(),
            qPrintable(QStringLiteral("'%1' accepted as %2").arg(text).arg(id.ok() ? *id : 0)));
        QCOMPARE(codeOf(id.error()), QStringLiteral("invalid_id"));
    }

    void jsonObjectParsesObjects_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("contentType");
        QTest::newRow("plain") << QByteArray(R"({"a":1})") << QByteArray("application/json");
        QTest::newRow("charset parameter")
            << QByteArray(R"({"a":1})") << QByteArray("application/json; charset=utf-8");
        QTest::newRow("upper-case media type")
            << QByteArray(R"({"a":1})") << QByteArray("Application/JSON");
        QTest::newRow("no content type (old clients)") << QByteArray(R"({"a":1})") << QByteArray();
        QTest::newRow("surrounding whitespace")
            << QByteArray(" \r\n{\"a\":1}\n ") << QByteArray("application/json");
    }

    void jsonObjectParsesObjects()
    {
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, contentType);
        const auto object = RequestParsing::jsonObject(requestWithBody(body, contentType), false);
        QVERIFY2(object.ok(), qPrintable(object.ok() ? QString() : object.error().message));
        QCOMPARE(object->value("a").toInt(), 1);
    }

    void jsonObjectRejectsOtherBodies_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<bool>("allowEmpty");
        QTest::addColumn<QString>("code");
        QTest::newRow("empty, required")
            << QByteArray() << QByteArray("application/json") << false << "invalid_json";
        QTest::newRow("whitespace, required")
            << QByteArray("  \n") << QByteArray("application/json") << false << "invalid_json";
        QTest::newRow("malformed")
            << QByteArray("{\"a\":") << QByteArray("application/json") << true << "invalid_json";
        QTest::newRow("array") << QByteArray("[1,2]") << QByteArray("application/json") << true
                               << "invalid_json";
        QTest::newRow("string") << QByteArray("\"x\"") << QByteArray("application/json") << true
                                << "invalid_json";
        QTest::newRow("number") << QByteArray("42") << QByteArray("application/json") << true
                                << "invalid_json";
        QTest::newRow("null") << QByteArray("null") << QByteArray("application/json") << true
                              << "invalid_json";
        QTest::newRow("text/plain") << QByteArray(R"({"a":1})") << QByteArray("text/plain") << true
                                    << "unsupported_media_type";
        QTest::newRow("form encoded")
            << QByteArray("a=1") << QByteArray("application/x-www-form-urlencoded") << true
            << "unsupported_media_type";
        QTest::newRow("json suffix type")
            << QByteArray(R"({"a":1})") << QByteArray("application/jsonp") << true
            << "unsupported_media_type";
    }

    void jsonObjectRejectsOtherBodies()
    {
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, contentType);
        QFETCH(bool, allowEmpty);
        QFETCH(QString, code);
        const auto object =
            RequestParsing::jsonObject(requestWithBody(body, contentType), allowEmpty);
        QVERIFY2(!object.ok(),
                 qPrintable(QStringLiteral("accepted: %1").arg(QString::fromUtf8(body))));
        QCOMPARE(codeOf(object.error()), code);
    }

    void emptyBodyIsAnEmptyObjectWhenAllowed_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("contentType");
        QTest::newRow("empty with application/json (reference client)")
            << QByteArray() << QByteArray("application/json");
        QTest::newRow("empty without content type") << QByteArray() << QByteArray();
        // Nothing to misread, so the media type does not matter.
        QTest::newRow("empty with text/plain") << QByteArray() << QByteArray("text/plain");
        QTest::newRow("only whitespace") << QByteArray(" \r\n") << QByteArray("application/json");
    }

    void emptyBodyIsAnEmptyObjectWhenAllowed()
    {
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, contentType);
        const auto object = RequestParsing::jsonObject(requestWithBody(body, contentType), true);
        QVERIFY2(object.ok(), qPrintable(object.ok() ? QString() : object.error().message));
        QVERIFY(object->isEmpty());
    }

    void queryIntUsesFallbackAndChecksRange_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<int>("value");
        QTest::addColumn<QString>("code");
        QTest::newRow("absent") << "" << true << 50 << QString();
        QTest::newRow("in range") << "limit=10" << true << 10 << QString();
        QTest::newRow("lower bound") << "limit=1" << true << 1 << QString();
        QTest::newRow("upper bound") << "limit=500" << true << 500 << QString();
        QTest::newRow("zero") << "limit=0" << false << 0 << "out_of_range";
        QTest::newRow("above max") << "limit=501" << false << 0 << "out_of_range";
        QTest::newRow("huge") << "limit=99999999999" << false << 0 << "out_of_range";
        QTest::newRow("letters") << "limit=ten" << false << 0 << "invalid_field";
        QTest::newRow("empty value") << "limit=" << false << 0 << "invalid_field";
        QTest::newRow("decimal") << "limit=1.5" << false << 0 << "invalid_field";
    }

    void queryIntUsesFallbackAndChecksRange()
    {
        QFETCH(QString, query);
        QFETCH(bool, ok);
        QFETCH(int, value);
        QFETCH(QString, code);
        ApiRequest request;
        request.query = QUrlQuery(query);
        const auto parsed = RequestParsing::queryInt(request, QStringLiteral("limit"), 50, 1, 500);
        QCOMPARE(parsed.ok(), ok);
        if (ok) {
            QCOMPARE(*parsed, value);
        } else {
            QCOMPARE(codeOf(parsed.error()), code);
            QCOMPARE(parsed.error().details.value("field").toString(), QStringLiteral("limit"));
        }
    }
};

QTEST_GUILESS_MAIN(TestRequestParsing)
#include "tst_requestparsing.moc"
