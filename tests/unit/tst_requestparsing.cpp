// Turning untrusted request parts into typed values: path ids, JSON bodies
// (with their Content-Type), query integers and typed body fields.
#include "http/requestparsing.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
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

    // Feature-flag bodies (PUT /admin/flags/:key) are any one JSON value, with
    // the same media-type rules; an empty body is left for the flag rules to refuse.
    void jsonValueTakesAnyTopLevelValue_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QJsonValue>("expected");
        QTest::newRow("object") << QByteArray(R"({"a":1})") << QJsonValue(QJsonObject{{"a", 1}});
        QTest::newRow("number") << QByteArray("12.5") << QJsonValue(12.5);
        QTest::newRow("boolean") << QByteArray(" true ") << QJsonValue(true);
        QTest::newRow("string") << QByteArray("\"on\"") << QJsonValue(QStringLiteral("on"));
        QTest::newRow("null") << QByteArray("null") << QJsonValue(QJsonValue::Null);
        QTest::newRow("empty") << QByteArray() << QJsonValue(QJsonValue::Undefined);
        QTest::newRow("whitespace") << QByteArray(" \r\n") << QJsonValue(QJsonValue::Undefined);
    }
    void jsonValueTakesAnyTopLevelValue()
    {
        QFETCH(QByteArray, body);
        QFETCH(QJsonValue, expected);
        const auto value = RequestParsing::jsonValue(requestWithBody(body));
        QVERIFY2(value.ok(), qPrintable(value.ok() ? QString() : value.error().message));
        QCOMPARE(*value, expected);
    }

    void jsonValueRefusesWhatJsonObjectRefuses()
    {
        const auto malformed = RequestParsing::jsonValue(requestWithBody("tru"));
        QVERIFY2(!malformed.ok(), "a truncated literal is not JSON");
        QCOMPARE(codeOf(malformed.error()), QStringLiteral("invalid_json"));
        const auto form = RequestParsing::jsonValue(requestWithBody("true", "text/plain"));
        QVERIFY2(!form.ok(), "text/plain is not application/json");
        QCOMPARE(codeOf(form.error()), QStringLiteral("unsupported_media_type"));
    }

    void ifMatchIsAVersionOrAStar_data()
    {
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<int>("kind"); // RequestParsing::IfMatch::Kind
        QTest::addColumn<qint64>("version");
        using Kind = RequestParsing::IfMatch::Kind;
        QTest::newRow("absent") << QByteArray() << true << int(Kind::Absent) << qint64(0);
        QTest::newRow("present but empty") << QByteArray("") << false << 0 << qint64(0);
        QTest::newRow("only spaces") << QByteArray("  ") << false << 0 << qint64(0);
        QTest::newRow("star") << QByteArray("*") << true << int(Kind::Any) << qint64(0);
        QTest::newRow("quoted") << QByteArray("\"7\"") << true << int(Kind::Version) << qint64(7);
        QTest::newRow("bare digits")
            << QByteArray("42") << true << int(Kind::Version) << qint64(42);
        QTest::newRow("zero: absent only")
            << QByteArray("\"0\"") << true << int(Kind::Version) << qint64(0);
        QTest::newRow("18 digits") << QByteArray("999999999999999999") << true << int(Kind::Version)
                                   << qint64(999999999999999999);
        QTest::newRow("19 digits") << QByteArray("1000000000000000000") << false << 0 << qint64(0);
        QTest::newRow("weak etag") << QByteArray("W/\"7\"") << false << 0 << qint64(0);
        QTest::newRow("two etags") << QByteArray("\"1\", \"2\"") << false << 0 << qint64(0);
        QTest::newRow("negative") << QByteArray("-1") << false << 0 << qint64(0);
        QTest::newRow("word") << QByteArray("\"abc\"") << false << 0 << qint64(0);
        QTest::newRow("empty quotes") << QByteArray("\"\"") << false << 0 << qint64(0);
        QTest::newRow("one quote") << QByteArray("\"7") << false << 0 << qint64(0);
    }
    void ifMatchIsAVersionOrAStar()
    {
        QFETCH(QByteArray, header);
        QFETCH(bool, ok);
        QFETCH(int, kind);
        QFETCH(qint64, version);
        ApiRequest request = requestWithBody("1");
        if (!header.isNull()) // a null header stands for "no If-Match at all"
            request.ifMatch = header;
        const auto parsed = RequestParsing::ifMatch(request);
        QVERIFY2(parsed.ok() == ok,
                 qPrintable(QStringLiteral("If-Match %1: expected %2, seen %3")
                                .arg(QString::fromLatin1(header), ok ? "accepted" : "refused",
                                     parsed.ok() ? "accepted" : parsed.error().message)));
        if (!ok) {
            QCOMPARE(codeOf(parsed.error()), QStringLiteral("invalid_field"));
            QCOMPARE(parsed.error().details.value("field").toString(), QStringLiteral("If-Match"));
            return;
        }
        QCOMPARE(int(parsed->kind), kind);
        QCOMPARE(parsed->version, version);
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
