// Request bodies are read as strict RFC 8259 JSON: every laxness of Qt 6.4's reader
// is refused with an offset, and every valid text reads exactly as Qt read it.
#include "http/requestparsing.h"
#include "json/strictjsonreader.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QtTest>

#include <cmath>

namespace {
// A value with its types spelled out: integer and double are both "Double" in
// QJsonValue, and 2 == 2.0 there, but the field checks may see the difference.
QString describe(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double:
        if (value.toVariant().typeId() == QMetaType::LongLong)
            return QStringLiteral("i:%1").arg(value.toInteger());
        return QStringLiteral("d:%1%2")
            .arg(std::signbit(value.toDouble()) ? QStringLiteral("-") : QString())
            .arg(std::fabs(value.toDouble()), 0, 'g', 17);
    case QJsonValue::String:
        return QStringLiteral("s:") + QString::fromLatin1(value.toString().toUtf8().toHex());
    case QJsonValue::Array: {
        QStringList items;
        for (const QJsonValue &item : value.toArray())
            items << describe(item);
        return QLatin1Char('[') + items.join(QLatin1Char(',')) + QLatin1Char(']');
    }
    case QJsonValue::Object: {
        QStringList members;
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it)
            members << it.key() + QLatin1Char(':') + describe(it.value());
        return QLatin1Char('{') + members.join(QLatin1Char(',')) + QLatin1Char('}');
    }
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("undefined");
}

QByteArray nested(int depth, char open, const QByteArray &inner, char close)
{
    QByteArray text;
    for (int i = 0; i < depth; ++i)
        text += open == '{' ? QByteArray("{\"k\":") : QByteArray(1, open);
    return text + inner + QByteArray(depth, close);
}
} // namespace

class TestStrictJsonReader : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void laxOrBrokenJsonIsRefusedWithAnOffset_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<int>("offset");       // where the message must say it went wrong
        QTest::addColumn<QString>("mentions"); // a word the reason must contain, or empty

        // The issue's cases: Qt 6.4 took every one of them.
        QTest::newRow(".5e1 seats")
            << QByteArray(R"({"user_name":"Fuzzer","seats":.5e1})") << 30 << QString();
        QTest::newRow("\\q escape") << QByteArray(R"({"a":"B\q"})") << 8 << "backslash";
        QTest::newRow("\\x41 escape") << QByteArray(R"({"a":"\x41"})") << 7 << "backslash";
        QTest::newRow(".5") << QByteArray(R"({"a":.5})") << 5 << QString();
        QTest::newRow("1.") << QByteArray(R"({"a":1.})") << 7 << QString();
        QTest::newRow("raw tab in a string") << QByteArray("{\"a\":\"x\ty\"}") << 7 << "U+0009";
        QTest::newRow("raw newline in a string") << QByteArray("{\"a\":\"x\ny\"}") << 7 << "U+000A";
        QTest::newRow("raw 0x01 in a string") << QByteArray("{\"a\":\"\x01\"}") << 6 << "U+0001";
        QTest::newRow("raw NUL in a string") << QByteArray("{\"a\":\"x\0\"}", 10) << 7 << "U+0000";
        QTest::newRow("duplicate key") << QByteArray(R"({"seats":1,"seats":5})") << 11 << "twice";
        QTest::newRow("duplicate key, nested")
            << QByteArray(R"({"a":{"b":1,"c":{"d":1,"d":2}}})") << 23 << "twice";
        QTest::newRow("duplicate key in an array's object")
            << QByteArray(R"({"a":[{},{"x":1,"x":1}]})") << 16 << "twice";
        QTest::newRow("duplicate key spelt with an escape")
            << QByteArray(R"({"a":1,"\u0061":2})") << 7 << "twice";
        // Surrogates and UTF-8.
        QTest::newRow("lone high surrogate")
            << QByteArray(R"({"a":"\ud800"})") << 12 << "surrogate";
        QTest::newRow("lone low surrogate") << QByteArray(R"({"a":"\udc00"})") << 11 << "surrogate";
        QTest::newRow("high surrogate, then a letter")
            << QByteArray(R"({"a":"\ud800\u0041"})") << 17 << "surrogate";
        QTest::newRow("two high surrogates")
            << QByteArray(R"({"a":"\ud800\ud800"})") << 17 << "surrogate";
        QTest::newRow("UTF-8: lone continuation byte")
            << QByteArray("{\"a\":\"\x80\"}") << 6 << "UTF-8";
        QTest::newRow("UTF-8: truncated sequence")
            << QByteArray("{\"a\":\"\xc3\"}") << 7 << "UTF-8";
        QTest::newRow("UTF-8: overlong slash")
            << QByteArray("{\"a\":\"\xc0\xaf\"}") << 6 << "UTF-8";
        QTest::newRow("UTF-8: encoded surrogate")
            << QByteArray("{\"a\":\"\xed\xa0\x80\"}") << 7 << "UTF-8";
        QTest::newRow("UTF-8: above U+10FFFF")
            << QByteArray("{\"a\":\"\xf4\x90\x80\x80\"}") << 7 << "UTF-8";
        QTest::newRow("UTF-8: 0xFF") << QByteArray("{\"a\":\"\xff\"}") << 6 << "UTF-8";
        QTest::newRow("UTF-8 outside a string")
            << QByteArray("{\"a\":1\xc3\xa9}") << 6 << QString();
        // Depth: Qt's own limit, one level past it.
        QTest::newRow("arrays 1025 deep")
            << nested(StrictJsonReader::kMaxDepth + 1, '[', "1", ']') << 1024 << "nested";
        QTest::newRow("objects 1025 deep")
            << nested(StrictJsonReader::kMaxDepth + 1, '{', "1", '}') << 1024 * 5 << "nested";
        // Numbers RFC 8259 does not have.
        QTest::newRow("leading zero") << QByteArray(R"({"a":01})") << 6 << QString();
        QTest::newRow("plus sign") << QByteArray(R"({"a":+1})") << 5 << QString();
        QTest::newRow("minus alone") << QByteArray(R"({"a":-})") << 6 << QString();
        QTest::newRow("exponent without digits") << QByteArray(R"({"a":1e})") << 7 << QString();
        QTest::newRow("exponent sign without digits")
            << QByteArray(R"({"a":1e+})") << 8 << QString();
        QTest::newRow("hex") << QByteArray(R"({"a":0x10})") << 6 << QString();
        QTest::newRow("NaN") << QByteArray(R"({"a":NaN})") << 5 << QString();
        QTest::newRow("Infinity") << QByteArray(R"({"a":Infinity})") << 5 << QString();
        QTest::newRow("1e400 overflows") << QByteArray(R"({"a":1e400})") << 9 << "range";
        QTest::newRow("-1e400 overflows") << QByteArray(R"({"a":-1e400})") << 10 << "range";
        // Syntax.
        QTest::newRow("True") << QByteArray(R"({"a":True})") << 5 << QString();
        QTest::newRow("nul") << QByteArray(R"({"a":nul})") << 8 << QString();
        QTest::newRow("single quotes") << QByteArray(R"({'a':1})") << 1 << QString();
        QTest::newRow("unquoted key") << QByteArray(R"({a:1})") << 1 << QString();
        QTest::newRow("trailing comma in an object") << QByteArray(R"({"a":1,})") << 7 << QString();
        QTest::newRow("trailing comma in an array")
            << QByteArray(R"({"a":[1,]})") << 8 << QString();
        QTest::newRow("line comment") << QByteArray("{\"a\":1 // x\n}") << 7 << QString();
        QTest::newRow("block comment") << QByteArray(R"({"a":/* x */1})") << 5 << QString();
        QTest::newRow("two values") << QByteArray(R"({} {})") << 3 << QString();
        QTest::newRow("trailing garbage") << QByteArray(R"({"a":1} x)") << 8 << QString();
        QTest::newRow("trailing NUL") << QByteArray("{\"a\":1}\0", 8) << 7 << "NUL";
        QTest::newRow("NUL, then more") << QByteArray("{\"a\":1}\0{\"a\":2}", 15) << 7 << "NUL";
        QTest::newRow("NUL between tokens") << QByteArray("{\"a\":\0 1}", 9) << 5 << QString();
        QTest::newRow("truncated") << QByteArray(R"({"a":)") << 5 << QString();
        QTest::newRow("unterminated string") << QByteArray("{\"a\":\"x") << 7 << QString();
        QTest::newRow("form feed before") << QByteArray("\f{}") << 0 << QString();
        QTest::newRow("vertical tab after") << QByteArray("{}\v") << 2 << QString();
        QTest::newRow("no-break space") << QByteArray("\xc2\xa0{}") << 0 << QString();
        QTest::newRow("two byte order marks")
            << QByteArray("\xef\xbb\xbf\xef\xbb\xbf{}") << 3 << QString();
        QTest::newRow("byte order mark after a space")
            << QByteArray(" \xef\xbb\xbf{}") << 1 << QString();
        QTest::newRow("empty") << QByteArray() << 0 << QString();
    }

    void laxOrBrokenJsonIsRefusedWithAnOffset()
    {
        QFETCH(QByteArray, json);
        QFETCH(int, offset);
        QFETCH(QString, mentions);
        const Result<QJsonValue> value = StrictJsonReader::read(json);
        QVERIFY2(
            !value.ok(),
            qPrintable(
                QStringLiteral("accepted as %1").arg(value.ok() ? describe(*value) : QString())));
        QCOMPARE(errorCodeName(value.error().code), QStringLiteral("invalid_json"));
        const QString message = value.error().message;
        QVERIFY2(
            message.endsWith(QStringLiteral(" at offset %1.").arg(offset)),
            qPrintable(QStringLiteral("expected offset %1, seen: %2").arg(offset).arg(message)));
        QVERIFY2(
            message.contains(mentions, Qt::CaseInsensitive),
            qPrintable(
                QStringLiteral("expected a mention of '%1', seen: %2").arg(mentions, message)));
        // The message is a short sentence, not an echo of the body.
        QVERIFY2(message.size() < 240, qPrintable(message));
    }

    void validJsonReadsAsQtReadIt_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::newRow("empty object") << QByteArray("{}");
        QTest::newRow("empty array") << QByteArray("[]");
        QTest::newRow("literals") << QByteArray(R"({"t":true,"f":false,"n":null})");
        QTest::newRow("every escape") << QByteArray("{\"a\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"}");
        QTest::newRow("\\u escapes") << QByteArray(R"({"a":"\u00e9\u20AC\u0041"})");
        QTest::newRow("surrogate pair") << QByteArray(R"({"a":"\ud83d\ude00"})");
        QTest::newRow("\\u0000 (refused later, by field)") << QByteArray(R"({"a":"x\u0000y"})");
        QTest::newRow("raw UTF-8, 2 to 4 bytes")
            << QByteArray("{\"a\":\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\"}");
        QTest::newRow("U+10FFFF") << QByteArray("{\"a\":\"\xf4\x8f\xbf\xbf\"}");
        QTest::newRow("DEL is not a control character in JSON") << QByteArray("{\"a\":\"\x7f\"}");
        QTest::newRow("empty key") << QByteArray(R"({"":1})");
        QTest::newRow("keys differing in case") << QByteArray(R"({"a":1,"A":2})");
        QTest::newRow("same key in sibling objects") << QByteArray(R"([{"a":1},{"a":2}])");
        QTest::newRow("same key at two depths") << QByteArray(R"({"a":{"a":1}})");
        QTest::newRow("0") << QByteArray(R"({"a":0})");
        QTest::newRow("-0") << QByteArray(R"({"a":-0})");
        QTest::newRow("2.0") << QByteArray(R"({"a":2.0})");
        QTest::newRow("-0.0") << QByteArray(R"({"a":-0.0})");
        QTest::newRow("1e2") << QByteArray(R"({"a":1e2})");
        QTest::newRow("1E+2") << QByteArray(R"({"a":1E+2})");
        QTest::newRow("5e-1") << QByteArray(R"({"a":5e-1})");
        QTest::newRow("-1.5e-3") << QByteArray(R"({"a":-1.5e-3})");
        QTest::newRow("2.5") << QByteArray(R"({"a":2.5})");
        QTest::newRow("int64 max") << QByteArray(R"({"a":9223372036854775807})");
        QTest::newRow("int64 max + 1") << QByteArray(R"({"a":9223372036854775808})");
        QTest::newRow("int64 min") << QByteArray(R"({"a":-9223372036854775808})");
        QTest::newRow("int64 min - 1") << QByteArray(R"({"a":-9223372036854775809})");
        QTest::newRow("uint64 max") << QByteArray(R"({"a":18446744073709551615})");
        QTest::newRow("uint64 max + 1") << QByteArray(R"({"a":18446744073709551616})");
        QTest::newRow("2^53 + 1") << QByteArray(R"({"a":9007199254740993})");
        QTest::newRow("30 digits") << QByteArray(R"({"a":123456789012345678901234567890})");
        QTest::newRow("1e308") << QByteArray(R"({"a":1e308})");
        QTest::newRow("1e9 as seats") << QByteArray(R"({"seats":1e9})");
        QTest::newRow("every whitespace")
            << QByteArray(" \t\r\n{ \t\r\n\"a\" \t\r\n: \t\r\n[ 1 , 2 ] \t\r\n} \t\r\n");
        QTest::newRow("byte order mark") << QByteArray("\xef\xbb\xbf{\"a\":1}");
        QTest::newRow("arrays 1024 deep") << nested(StrictJsonReader::kMaxDepth, '[', "1", ']');
        QTest::newRow("objects 1024 deep") << nested(StrictJsonReader::kMaxDepth, '{', "1", '}');
        QTest::newRow("a booking") << QByteArray(R"({"user_name":"Zoë Ångström","seats":2})");
        QTest::newRow("a show") << QByteArray(
            R"({"name":"Hamlet","start_time":"2030-01-01T19:30:00+01:00","total_seats":40})");
        QTest::newRow("top-level number") << QByteArray("42");
        QTest::newRow("top-level string") << QByteArray(R"("x")");
    }

    void validJsonReadsAsQtReadIt()
    {
        QFETCH(QByteArray, json);
        QJsonParseError qtError;
        const QJsonDocument qt = QJsonDocument::fromJson(json, &qtError);
        const Result<QJsonValue> strict = StrictJsonReader::read(json);
        QVERIFY2(strict.ok(), qPrintable(strict.ok() ? QString() : strict.error().message));
        // Qt 6.4's document holds only objects and arrays; for other texts compare with
        // the value Qt reads inside an array.
        QJsonValue expected;
        if (qtError.error == QJsonParseError::NoError) {
            expected = qt.isObject() ? QJsonValue(qt.object()) : QJsonValue(qt.array());
        } else {
            const QJsonDocument wrapped = QJsonDocument::fromJson("[" + json + "]", &qtError);
            QVERIFY2(qtError.error == QJsonParseError::NoError, qPrintable(qtError.errorString()));
            expected = wrapped.array().first();
        }
        QCOMPARE(describe(*strict), describe(expected));
    }

    void numbersNeedNoTextBeyondQtsPrecision()
    {
        // Qt's reader refuses a number that underflows; RFC 8259 allows it, and it reads
        // as zero (an integer, as Qt reads every integral double).
        const Result<QJsonValue> value = StrictJsonReader::read(R"({"a":1e-400})");
        QVERIFY2(value.ok(), qPrintable(value.ok() ? QString() : value.error().message));
        QCOMPARE(describe(*value), QStringLiteral("{a:i:0}"));
    }

    void everyRequestBodyGoesThroughTheStrictReader_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::newRow(".5e1 seats") << QByteArray(R"({"user_name":"Fuzzer","seats":.5e1})");
        QTest::newRow("duplicate seats") << QByteArray(R"({"user_name":"F","seats":1,"seats":5})");
        QTest::newRow("\\q") << QByteArray(R"({"user_name":"B\q","seats":1})");
        QTest::newRow("form feed around the object") << QByteArray("\f{\"seats\":1}\f");
    }

    void everyRequestBodyGoesThroughTheStrictReader()
    {
        QFETCH(QByteArray, body);
        ApiRequest request;
        request.method = QHttpServerRequest::Method::Post;
        request.path = QStringLiteral("/shows/1/book");
        request.body = body;
        request.contentType = "application/json";
        for (const bool allowEmpty : {false, true}) {
            const auto object = RequestParsing::jsonObject(request, allowEmpty);
            QVERIFY2(!object.ok(),
                     qPrintable(QStringLiteral("accepted: %1")
                                    .arg(describe(object.ok() ? *object : QJsonObject()))));
            QCOMPARE(errorCodeName(object.error().code), QStringLiteral("invalid_json"));
            QVERIFY2(object.error().message.contains(QLatin1String("at offset")),
                     qPrintable(object.error().message));
        }
    }
};

QTEST_GUILESS_MAIN(TestStrictJsonReader)
#include "tst_strictjsonreader.moc"
