// Feature flag keys and values: the same rules and words as feature_flag_problem() in sql/005.
#include "flags/flagrules.h"
#include "json/strictjsonreader.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

#include <limits>

namespace {
QString describe(const std::optional<DomainError> &error)
{
    if (!error)
        return QStringLiteral("accepted");
    return QStringLiteral("%1 %2 '%3'")
        .arg(errorCodeName(error->code),
             QString::fromUtf8(QJsonDocument(error->details).toJson(QJsonDocument::Compact)),
             error->message);
}

// A JSON text read as the API reads a body; "undefined" for QJsonValue::Undefined.
QJsonValue json(const char *text)
{
    if (qstrcmp(text, "undefined") == 0)
        return QJsonValue(QJsonValue::Undefined);
    const Result<QJsonValue> value = StrictJsonReader::read(text);
    return value ? *value : QJsonValue(QJsonValue::Undefined);
}
} // namespace

class TestFlagRules : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void goodKeysAreAccepted_data()
    {
        QTest::addColumn<QString>("key");
        QTest::newRow("reference example") << "ai:model";
        QTest::newRow("every character") << "az09._:-";
        QTest::newRow("one character") << "x";
        QTest::newRow("100 characters") << QString(100, u'k');
        QTest::newRow("hold seconds") << "booking.hold_seconds";
        QTest::newRow("max seats") << "booking.max_seats";
        QTest::newRow("sales paused") << "sales.paused";
        QTest::newRow("show pause") << "sales.paused.show.1";
        QTest::newRow("show pause 18 digits") << "sales.paused.show.999999999999999999";
        QTest::newRow("booking without dot") << "booking";
        QTest::newRow("booking_ prefix") << "booking_notes";
        QTest::newRow("sales- prefix") << "sales-report";
        QTest::newRow("dot in the middle") << "ui.booking.banner";
    }
    void goodKeysAreAccepted()
    {
        QFETCH(QString, key);
        const auto error = FlagRules::checkKey(key);
        QVERIFY2(
            !error,
            qPrintable(QStringLiteral("%1: expected accepted, seen %2").arg(key, describe(error))));
    }

    void badKeysAreRefused_data()
    {
        const QString characters =
            QStringLiteral("A flag key is 1 to 100 characters of a-z, 0-9 and . _ : -.");
        const QString reserved = QStringLiteral(
            "The names booking.* and sales.* belong to the server's own flags: "
            "booking.hold_seconds, booking.max_seats, sales.paused, sales.paused.show.<id>.");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("message");
        QTest::newRow("empty") << "" << characters;
        QTest::newRow("101 characters") << QString(101, u'k') << characters;
        QTest::newRow("upper case") << "AI:model" << characters;
        QTest::newRow("space") << "ai model" << characters;
        QTest::newRow("slash") << "ai/model" << characters;
        QTest::newRow("percent sign") << "ai%3Amodel" << characters;
        QTest::newRow("non-ascii letter") << QStringLiteral("caf\u00e9") << characters;
        QTest::newRow("unknown booking") << "booking.hold_second" << reserved;
        QTest::newRow("unknown sales") << "sales.pause" << reserved;
        QTest::newRow("booking dot only") << "booking." << reserved;
        QTest::newRow("show pause no id") << "sales.paused.show." << reserved;
        QTest::newRow("show pause prefix without dot") << "sales.paused.show" << reserved;
        QTest::newRow("show pause zero") << "sales.paused.show.0" << reserved;
        QTest::newRow("show pause leading zero") << "sales.paused.show.012" << reserved;
        QTest::newRow("show pause not digits") << "sales.paused.show.x1" << reserved;
        QTest::newRow("show pause negative") << "sales.paused.show.-1" << reserved;
        QTest::newRow("show pause 19 digits")
            << "sales.paused.show.1000000000000000000" << reserved;
        QTest::newRow("show pause suffix") << "sales.paused.show.12.x" << reserved;
    }
    void badKeysAreRefused()
    {
        QFETCH(QString, key);
        QFETCH(QString, message);
        const auto error = FlagRules::checkKey(key);
        QVERIFY2(error, qPrintable(QStringLiteral("%1: expected refused, seen accepted").arg(key)));
        QCOMPARE(error->code, ErrorCode::InvalidFlagKey);
        QCOMPARE(error->details, QJsonObject({{"field", "key"}}));
        QCOMPARE(error->message, message);
    }

    void goodValuesAreAccepted_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("value");
        QTest::newRow("object") << "ai:model"
                                << R"({"model":"claude-haiku-4.5"})";
        QTest::newRow("empty object") << "x"
                                      << "{}";
        QTest::newRow("number") << "x"
                                << "3.25";
        QTest::newRow("boolean") << "x"
                                 << "false";
        QTest::newRow("string") << "x"
                                << R"("on")";
        QTest::newRow("empty string") << "x"
                                      << R"("")";
        QTest::newRow("reference example")
            << "ai:model"
            << R"({"model":"claude-haiku-4.5","percent":1,"model_fallback":"claude-4-mini"})";
        for (const char *percent :
             {"0", "0.1", "0.3", "0.7", "1", "12.3", "33.3", "50.5", "99.9", "100", "1e1", "-0"})
            QTest::addRow("percent %s", percent)
                << "x" << QStringLiteral(R"({"percent":%1})").arg(QLatin1String(percent));
        QTest::newRow("hold 10") << "booking.hold_seconds"
                                 << "10";
        QTest::newRow("hold 86400") << "booking.hold_seconds"
                                    << "86400";
        QTest::newRow("hold 60.0") << "booking.hold_seconds"
                                   << "60.0";
        QTest::newRow("seats 1") << "booking.max_seats"
                                 << "1";
        QTest::newRow("seats 1000") << "booking.max_seats"
                                    << "1000";
        QTest::newRow("paused true") << "sales.paused"
                                     << "true";
        QTest::newRow("paused false") << "sales.paused"
                                      << "false";
        QTest::newRow("show paused") << "sales.paused.show.42"
                                     << "true";
    }
    void goodValuesAreAccepted()
    {
        QFETCH(QString, key);
        QFETCH(QString, value);
        const QJsonValue parsed = json(value.toUtf8().constData());
        QVERIFY2(!parsed.isUndefined(), qPrintable(value));
        const auto error = FlagRules::checkValue(key, parsed);
        QVERIFY2(!error, qPrintable(QStringLiteral("%1 = %2: expected accepted, seen %3")
                                        .arg(key, value, describe(error))));
    }

    void badValuesAreRefused_data()
    {
        const QString type =
            QStringLiteral("A flag value is an object, a number, a boolean or a string.");
        const QString hold = QStringLiteral(
            "booking.hold_seconds must be a whole number of seconds from 10 to 86400.");
        const QString seats =
            QStringLiteral("booking.max_seats must be a whole number from 1 to 1000.");
        const QString range = QStringLiteral("Percent must be a number from 0 to 100.");
        const QString decimals = QStringLiteral("Percent may have at most one decimal place.");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("message");
        QTest::newRow("null") << "x"
                              << "null"
                              << "value" << type;
        QTest::newRow("array") << "x"
                               << "[1]"
                               << "value" << type;
        QTest::newRow("undefined") << "x"
                                   << "undefined"
                                   << "value" << type;
        QTest::newRow("null for a built-in") << "sales.paused"
                                             << "null"
                                             << "value" << type;
        QTest::newRow("hold 9") << "booking.hold_seconds"
                                << "9"
                                << "value" << hold;
        QTest::newRow("hold 86401") << "booking.hold_seconds"
                                    << "86401"
                                    << "value" << hold;
        QTest::newRow("hold 60.5") << "booking.hold_seconds"
                                   << "60.5"
                                   << "value" << hold;
        QTest::newRow("hold string") << "booking.hold_seconds"
                                     << R"("60")"
                                     << "value" << hold;
        QTest::newRow("hold boolean") << "booking.hold_seconds"
                                      << "true"
                                      << "value" << hold;
        QTest::newRow("hold object") << "booking.hold_seconds"
                                     << R"({"percent":5})"
                                     << "value" << hold;
        QTest::newRow("seats 0") << "booking.max_seats"
                                 << "0"
                                 << "value" << seats;
        QTest::newRow("seats 1001") << "booking.max_seats"
                                    << "1001"
                                    << "value" << seats;
        QTest::newRow("seats -1") << "booking.max_seats"
                                  << "-1"
                                  << "value" << seats;
        QTest::newRow("seats 2.5") << "booking.max_seats"
                                   << "2.5"
                                   << "value" << seats;
        QTest::newRow("paused 1") << "sales.paused"
                                  << "1"
                                  << "value"
                                  << "sales.paused must be true or false.";
        QTest::newRow("paused string") << "sales.paused"
                                       << R"("true")"
                                       << "value"
                                       << "sales.paused must be true or false.";
        QTest::newRow("show paused 0") << "sales.paused.show.7"
                                       << "0"
                                       << "value"
                                       << "sales.paused.show.7 must be true or false.";
        QTest::newRow("percent -0.1") << "x"
                                      << R"({"percent":-0.1})"
                                      << "percent" << range;
        QTest::newRow("percent 100.1") << "x"
                                       << R"({"percent":100.1})"
                                       << "percent" << range;
        QTest::newRow("percent 1e3") << "x"
                                     << R"({"percent":1e3})"
                                     << "percent" << range;
        QTest::newRow("percent string") << "x"
                                        << R"({"percent":"5"})"
                                        << "percent" << range;
        QTest::newRow("percent null") << "x"
                                      << R"({"percent":null})"
                                      << "percent" << range;
        QTest::newRow("percent boolean") << "x"
                                         << R"({"percent":true})"
                                         << "percent" << range;
        QTest::newRow("percent object") << "x"
                                        << R"({"percent":{}})"
                                        << "percent" << range;
        QTest::newRow("percent 12.34") << "x"
                                       << R"({"percent":12.34})"
                                       << "percent" << decimals;
        QTest::newRow("percent 0.05") << "x"
                                      << R"({"percent":0.05})"
                                      << "percent" << decimals;
        QTest::newRow("percent 99.99") << "x"
                                       << R"({"percent":99.99})"
                                       << "percent" << decimals;
        QTest::newRow("percent 12.30000000001") << "x"
                                                << R"({"percent":12.30000000001})"
                                                << "percent" << decimals;
        QTest::newRow("percent 1e-10") << "x"
                                       << R"({"percent":1e-10})"
                                       << "percent" << decimals;
        QTest::newRow("percent 99.95") << "x"
                                       << R"({"percent":99.95})"
                                       << "percent" << decimals;
    }
    void badValuesAreRefused()
    {
        QFETCH(QString, key);
        QFETCH(QString, value);
        QFETCH(QString, field);
        QFETCH(QString, message);
        const auto error = FlagRules::checkValue(key, json(value.toUtf8().constData()));
        QVERIFY2(
            error,
            qPrintable(QStringLiteral("%1 = %2: expected refused, seen accepted").arg(key, value)));
        QCOMPARE(error->code, ErrorCode::InvalidFlagValue);
        QCOMPARE(error->details, QJsonObject({{"field", field}}));
        QCOMPARE(error->message, message);
    }

    void everyTenthIsAPercentAndNoHundredthIs()
    {
        // Every percent written with one decimal, as text through the API's reader,
        // and each with a further non-zero digit, which is one decimal too many.
        for (int tenths = 0; tenths <= 1000; ++tenths) {
            const QString text = QStringLiteral("%1.%2").arg(tenths / 10).arg(tenths % 10);
            const QString good = QStringLiteral(R"({"percent":%1})").arg(text);
            const auto accepted =
                FlagRules::checkValue(QStringLiteral("x"), json(qPrintable(good)));
            QVERIFY2(!accepted, qPrintable(QStringLiteral("%1: expected accepted, seen %2")
                                               .arg(good, describe(accepted))));
            if (tenths == 1000)
                break;
            for (const char digit : {'1', '5', '9'}) {
                const QString bad = QStringLiteral(R"({"percent":%1%2})").arg(text).arg(digit);
                const auto refused =
                    FlagRules::checkValue(QStringLiteral("x"), json(qPrintable(bad)));
                QVERIFY2(refused && refused->details.value("field") == "percent",
                         qPrintable(QStringLiteral("%1: expected refused on percent, seen %2")
                                        .arg(bad, describe(refused))));
            }
        }
    }

    void nonFiniteNumbersAreRefused()
    {
        // JSON cannot carry them, but a value built in code could.
        for (const double number :
             {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity(),
              -std::numeric_limits<double>::infinity()}) {
            const auto plain = FlagRules::checkValue(QStringLiteral("x"), QJsonValue(number));
            QVERIFY2(plain && plain->code == ErrorCode::InvalidFlagValue,
                     qPrintable(QStringLiteral("%1: expected refused, seen %2")
                                    .arg(number)
                                    .arg(describe(plain))));
            const auto hold = FlagRules::checkValue(FlagRules::kHoldSeconds, QJsonValue(number));
            QVERIFY2(hold, qPrintable(QStringLiteral("hold %1: expected refused").arg(number)));
            const auto percent = FlagRules::checkValue(
                QStringLiteral("x"), QJsonObject{{QStringLiteral("percent"), number}});
            QVERIFY2(percent && percent->details.value("field") == "percent",
                     qPrintable(QStringLiteral("percent %1: expected refused on percent, seen %2")
                                    .arg(number)
                                    .arg(describe(percent))));
        }
    }

    void subjectIsOneTo200Characters()
    {
        QVERIFY2(!FlagRules::checkSubject(QStringLiteral("customer-42")), "a plain subject");
        QVERIFY2(!FlagRules::checkSubject(QString(200, u'a')), "200 characters");
        // 200 characters outside the BMP are 400 UTF-16 units, and still 200 characters.
        QString emoji;
        for (int i = 0; i < 200; ++i)
            emoji += QString::fromUcs4(U"\U0001F600", 1);
        QVERIFY2(!FlagRules::checkSubject(emoji), "200 emoji");
        const auto empty = FlagRules::checkSubject(QString());
        QVERIFY2(empty, "empty subject accepted");
        QCOMPARE(empty->code, ErrorCode::MissingField);
        QCOMPARE(empty->details, QJsonObject({{"field", "subject"}}));
        const auto tooLong = FlagRules::checkSubject(QString(201, u'a'));
        QVERIFY2(tooLong, "201 characters accepted");
        QCOMPARE(tooLong->code, ErrorCode::OutOfRange);
        QCOMPARE(tooLong->details, QJsonObject({{"field", "subject"}}));
    }

    void builtinsAreKnownByName()
    {
        for (const QString &key : {FlagRules::kHoldSeconds, FlagRules::kMaxSeats,
                                   FlagRules::kSalesPaused, QStringLiteral("sales.paused.show.9")})
            QVERIFY2(FlagRules::isBuiltin(key), qPrintable(key + " is not built-in"));
        for (const QString &key :
             {QStringLiteral("ai:model"), QStringLiteral("sales.paused.show.0"),
              QStringLiteral("booking"), QStringLiteral("sales.paused.x")})
            QVERIFY2(!FlagRules::isBuiltin(key), qPrintable(key + " is built-in"));
    }

    void showPauseKeysRoundTrip()
    {
        QCOMPARE(FlagRules::showPauseKey(42), QStringLiteral("sales.paused.show.42"));
        QCOMPARE(FlagRules::pausedShowId(QStringLiteral("sales.paused.show.42")),
                 std::optional<qint64>(42));
        const qint64 largest = 999999999999999999LL;
        QCOMPARE(FlagRules::pausedShowId(FlagRules::showPauseKey(largest)),
                 std::optional<qint64>(largest));
        for (const char *key : {"sales.paused.show.0", "sales.paused.show.07", "sales.paused",
                                "sales.paused.show.", "ai:model", "sales.paused.show.1x"})
            QVERIFY2(!FlagRules::pausedShowId(QString::fromLatin1(key)),
                     qPrintable(QStringLiteral("%1: expected no show id").arg(key)));
    }
};

QTEST_APPLESS_MAIN(TestFlagRules)
#include "tst_flagrules.moc"
