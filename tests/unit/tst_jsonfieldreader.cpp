// Typed fields from a JSON body: type, range, trimming and length in
// characters (not UTF-16 units), with the first problem reported by field name.
#include "http/requestparsing.h"

#include <QJsonDocument>
#include <QtTest>

class TestJsonFieldReader : public QObject
{
    Q_OBJECT

private:
    static QJsonObject parse(const QByteArray &json)
    {
        return QJsonDocument::fromJson(json).object();
    }

private Q_SLOTS:
    void textIsTrimmedAndCountedInCharacters_data()
    {
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<QString>("expected"); // the text, or the error code
        QTest::newRow("plain") << QJsonValue("Ann") << true << "Ann";
        QTest::newRow("trimmed") << QJsonValue("  Ann \t") << true << "Ann";
        QTest::newRow("one char") << QJsonValue("A") << true << "A";
        QTest::newRow("empty") << QJsonValue("") << false << "out_of_range";
        QTest::newRow("only spaces") << QJsonValue("   ") << false << "out_of_range";
        QTest::newRow("10 chars (max)") << QJsonValue("abcdefghij") << true << "abcdefghij";
        QTest::newRow("11 chars") << QJsonValue("abcdefghijk") << false << "out_of_range";
        QTest::newRow("10 chars padded") << QJsonValue("  abcdefghij  ") << true << "abcdefghij";
        // 10 emoji are 20 UTF-16 units but 10 characters.
        const QString emoji = QString::fromUtf8("😀😀😀😀😀😀😀😀😀😀");
        QTest::newRow("10 emoji") << QJsonValue(emoji) << true << emoji;
        QTest::newRow("11 emoji") << QJsonValue(emoji + QString::fromUtf8("😀")) << false
                                  << "out_of_range";
        QTest::newRow("12 accented chars")
            << QJsonValue(QString::fromUtf8("Zoë Ångström")) << false << "out_of_range";
        QTest::newRow("accented, short")
            << QJsonValue(QString::fromUtf8("Zoë")) << true << QString::fromUtf8("Zoë");
        QTest::newRow("number") << QJsonValue(5) << false << "invalid_field";
        QTest::newRow("bool") << QJsonValue(true) << false << "invalid_field";
        QTest::newRow("object") << QJsonValue(QJsonObject{{"a", 1}}) << false << "invalid_field";
        QTest::newRow("null") << QJsonValue(QJsonValue::Null) << false << "missing_field";
    }

    void textIsTrimmedAndCountedInCharacters()
    {
        QFETCH(QJsonValue, value);
        QFETCH(bool, ok);
        QFETCH(QString, expected);
        JsonFieldReader fields(QJsonObject{{"name", value}});
        const auto text = fields.text(QStringLiteral("name"), 1, 10, true);
        QCOMPARE(fields.ok(), ok);
        QCOMPARE(text.has_value(), ok);
        if (ok) {
            QCOMPARE(*text, expected);
        } else {
            QCOMPARE(errorCodeName(fields.error().code), expected);
            QCOMPARE(fields.error().details.value("field").toString(), QStringLiteral("name"));
        }
    }

    void integerChecksTypeAndRange_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<int>("value");
        QTest::addColumn<QString>("code");
        QTest::newRow("one") << QByteArray(R"({"seats":1})") << true << 1 << QString();
        QTest::newRow("max") << QByteArray(R"({"seats":20})") << true << 20 << QString();
        QTest::newRow("2.0 is whole") << QByteArray(R"({"seats":2.0})") << true << 2 << QString();
        QTest::newRow("zero") << QByteArray(R"({"seats":0})") << false << 0 << "out_of_range";
        QTest::newRow("negative") << QByteArray(R"({"seats":-1})") << false << 0 << "out_of_range";
        QTest::newRow("max + 1") << QByteArray(R"({"seats":21})") << false << 0 << "out_of_range";
        QTest::newRow("1e9") << QByteArray(R"({"seats":1e9})") << false << 0 << "out_of_range";
        QTest::newRow("beyond int")
            << QByteArray(R"({"seats":1e300})") << false << 0 << "out_of_range";
        QTest::newRow("fraction") << QByteArray(R"({"seats":2.5})") << false << 0
                                  << "invalid_field";
        QTest::newRow("string") << QByteArray(R"({"seats":"2"})") << false << 0 << "invalid_field";
        QTest::newRow("bool") << QByteArray(R"({"seats":true})") << false << 0 << "invalid_field";
        QTest::newRow("array") << QByteArray(R"({"seats":[2]})") << false << 0 << "invalid_field";
        QTest::newRow("null") << QByteArray(R"({"seats":null})") << false << 0 << "missing_field";
        QTest::newRow("absent") << QByteArray(R"({})") << false << 0 << "missing_field";
    }

    void integerChecksTypeAndRange()
    {
        QFETCH(QByteArray, json);
        QFETCH(bool, ok);
        QFETCH(int, value);
        QFETCH(QString, code);
        JsonFieldReader fields(parse(json));
        const auto seats = fields.integer(QStringLiteral("seats"), 1, 20, true);
        QVERIFY2(
            fields.ok() == ok,
            qPrintable(QStringLiteral("%1: expected %2, seen %3")
                           .arg(QString::fromUtf8(json), ok ? "accepted" : code,
                                fields.ok() ? "accepted" : errorCodeName(fields.error().code))));
        if (ok)
            QCOMPARE(*seats, value);
        else
            QCOMPARE(errorCodeName(fields.error().code), code);
    }

    void optionalFieldsMayBeAbsent()
    {
        JsonFieldReader fields(QJsonObject{});
        QVERIFY(!fields.text(QStringLiteral("name"), 1, 10, false).has_value());
        QVERIFY(!fields.integer(QStringLiteral("seats"), 1, 10, false).has_value());
        QVERIFY(!fields.timestamp(QStringLiteral("start_time"), false).has_value());
        QVERIFY2(fields.ok(), "absent optional fields are not an error");
    }

    void timestampNeedsAnOffsetAndASaneYear_data()
    {
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<bool>("ok");
        // Issue 11: a well-formed time outside the years is out_of_range, not invalid_field.
        QTest::addColumn<QString>("code");
        QTest::newRow("Z") << QJsonValue("2030-01-01T19:30:00Z") << true << QString();
        QTest::newRow("+01:00") << QJsonValue("2030-01-01T19:30:00+01:00") << true << QString();
        QTest::newRow("1970") << QJsonValue("1970-01-01T00:00:00Z") << true << QString();
        QTest::newRow("before 1970")
            << QJsonValue("1969-12-31T23:59:59Z") << false << "out_of_range";
        QTest::newRow("no offset") << QJsonValue("2030-01-01T19:30:00") << false << "invalid_field";
        QTest::newRow("not a date") << QJsonValue("tomorrow") << false << "invalid_field";
        QTest::newRow("out of range fields")
            << QJsonValue("2025-13-45T99:00:00Z") << false << "invalid_field";
        QTest::newRow("number") << QJsonValue(1893526200) << false << "invalid_field";
        // The range applies to the year as written, not to the UTC time.
        QTest::newRow("9999 as written, 10000 in UTC")
            << QJsonValue("9999-12-31T23:00:00-05:00") << true << QString();
        QTest::newRow("1970 as written, 1969 in UTC")
            << QJsonValue("1970-01-01T00:30:00+01:00") << true << QString();
        QTest::newRow("9999, last millisecond, -23:59")
            << QJsonValue("9999-12-31T23:59:59.999-23:59") << true << QString();
        QTest::newRow("10000 as written")
            << QJsonValue("10000-01-01T00:00:00Z") << false << "out_of_range";
        QTest::newRow("10000 as written, 9999 in UTC")
            << QJsonValue("10000-01-01T00:30:00+01:00") << false << "out_of_range";
        QTest::newRow("1969 as written, 1970 in UTC")
            << QJsonValue("1969-12-31T23:30:00-01:00") << false << "out_of_range";
        QTest::newRow("year 0") << QJsonValue("0000-01-01T00:00:00Z") << false << "out_of_range";
        QTest::newRow("year 0999") << QJsonValue("0999-01-01T00:00:00Z") << false << "out_of_range";
        QTest::newRow("1969, February 30")
            << QJsonValue("1969-02-30T00:00:00Z") << false << "invalid_field";
        QTest::newRow("10100, February 29")
            << QJsonValue("10100-02-29T00:00:00Z") << false << "invalid_field";
    }

    void timestampNeedsAnOffsetAndASaneYear()
    {
        QFETCH(QJsonValue, value);
        QFETCH(bool, ok);
        QFETCH(QString, code);
        JsonFieldReader fields(QJsonObject{{"start_time", value}});
        const auto time = fields.timestamp(QStringLiteral("start_time"), true);
        QCOMPARE(fields.ok(), ok);
        QCOMPARE(time.has_value(), ok);
        if (!ok)
            QCOMPARE(errorCodeName(fields.error().code), code);
        else
            QCOMPARE(time->timeSpec(), Qt::UTC);
    }

    void firstProblemIsKept()
    {
        JsonFieldReader fields(parse(R"({"user_name": 5, "seats": "x"})"));
        fields.text(QStringLiteral("user_name"), 1, 200, true);
        fields.integer(QStringLiteral("seats"), 1, 20, true);
        QVERIFY(!fields.ok());
        QCOMPARE(fields.error().details.value("field").toString(), QStringLiteral("user_name"));
        QCOMPARE(fields.error().code, ErrorCode::InvalidField);
        QVERIFY2(fields.error().message.contains(QStringLiteral("user_name")),
                 qPrintable(fields.error().message));
    }

    void laterReadsStopAfterAProblem()
    {
        JsonFieldReader fields(parse(R"({"seats": 0, "user_name": "Ann"})"));
        fields.integer(QStringLiteral("seats"), 1, 20, true);
        QVERIFY2(!fields.text(QStringLiteral("user_name"), 1, 200, true).has_value(),
                 "a reader that has failed returns nothing more");
        QCOMPARE(fields.error().code, ErrorCode::OutOfRange);
    }
};

QTEST_GUILESS_MAIN(TestJsonFieldReader)
#include "tst_jsonfieldreader.moc"
