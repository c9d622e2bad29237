// The API's one time format (ISO 8601 UTC with milliseconds), the strict parser
// for times clients send, and the HTTP Date header format.
#include "timestamps.h"

#include <QRegularExpression>
#include <QTimeZone>
#include <QtTest>

class TestTimestamps : public QObject
{
    Q_OBJECT

private:
    static QDateTime utc(int year, int month, int day, int h, int m, int s, int ms = 0)
    {
        return QDateTime(QDate(year, month, day), QTime(h, m, s, ms), QTimeZone::utc());
    }

private Q_SLOTS:
    void isoUtcAlwaysEndsInZWithMilliseconds_data()
    {
        QTest::addColumn<QDateTime>("time");
        QTest::addColumn<QString>("expected");
        QTest::newRow("utc, whole second")
            << utc(2030, 1, 1, 19, 30, 0) << "2030-01-01T19:30:00.000Z";
        QTest::newRow("utc, milliseconds")
            << utc(2030, 1, 1, 19, 30, 0, 7) << "2030-01-01T19:30:00.007Z";
        QTest::newRow("plus two hours")
            << QDateTime(QDate(2030, 6, 1), QTime(21, 0), QTimeZone(2 * 3600))
            << "2030-06-01T19:00:00.000Z";
        QTest::newRow("minus five thirty, across midnight")
            << QDateTime(QDate(2030, 12, 31), QTime(20, 0, 0, 500), QTimeZone(-(5 * 3600 + 1800)))
            << "2031-01-01T01:30:00.500Z";
        QTest::newRow("named zone in summer")
            << QDateTime(QDate(2030, 7, 1), QTime(12, 0), QTimeZone("Europe/Berlin"))
            << "2030-07-01T10:00:00.000Z";
    }

    void isoUtcAlwaysEndsInZWithMilliseconds()
    {
        QFETCH(QDateTime, time);
        QFETCH(QString, expected);
        QCOMPARE(Timestamps::toIsoUtc(time), expected);
    }

    void isoUtcOfInvalidTimeIsEmpty()
    {
        QVERIFY2(Timestamps::toIsoUtc(QDateTime()).isEmpty(),
                 qPrintable(Timestamps::toIsoUtc(QDateTime())));
    }

    void isoUtcOfNowMatchesTheApiShape()
    {
        static const QRegularExpression shape(
            QStringLiteral(R"(^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$)"));
        const QString text = Timestamps::toIsoUtc(QDateTime::currentDateTime());
        QVERIFY2(shape.match(text).hasMatch(), qPrintable(text));
    }

    void parsesTimesWithAnOffset_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QDateTime>("expected");
        QTest::newRow("Z") << "2030-01-01T19:30:00Z" << utc(2030, 1, 1, 19, 30, 0);
        QTest::newRow("Z with ms") << "2030-01-01T19:30:00.123Z" << utc(2030, 1, 1, 19, 30, 0, 123);
        QTest::newRow("+01:00") << "2030-01-01T19:30:00+01:00" << utc(2030, 1, 1, 18, 30, 0);
        QTest::newRow("+00:00") << "2030-01-01T19:30:00+00:00" << utc(2030, 1, 1, 19, 30, 0);
        QTest::newRow("-0530 without colon")
            << "2030-01-01T19:30:00-0530" << utc(2030, 1, 2, 1, 0, 0);
        QTest::newRow("+05:45") << "2030-01-01T05:45:00+05:45" << utc(2030, 1, 1, 0, 0, 0);
        QTest::newRow("no seconds") << "2030-01-01T19:30Z" << utc(2030, 1, 1, 19, 30, 0);
        QTest::newRow("one fraction digit")
            << "2030-01-01T19:30:00.5Z" << utc(2030, 1, 1, 19, 30, 0, 500);
        QTest::newRow("two fraction digits")
            << "2030-01-01T19:30:00.25Z" << utc(2030, 1, 1, 19, 30, 0, 250);
        QTest::newRow("six fraction digits")
            << "2030-01-01T19:30:00.123456Z" << utc(2030, 1, 1, 19, 30, 0, 123);
        QTest::newRow("nine fraction digits")
            << "2030-01-01T19:30:00.987654321+02:00" << utc(2030, 1, 1, 17, 30, 0, 987);
        QTest::newRow("leap day") << "2028-02-29T00:00:00Z" << utc(2028, 2, 29, 0, 0, 0);
    }

    void parsesTimesWithAnOffset()
    {
        QFETCH(QString, text);
        QFETCH(QDateTime, expected);
        const QDateTime parsed = Timestamps::parseIsoWithOffset(text);
        QVERIFY2(parsed.isValid(), qPrintable(QStringLiteral("'%1' should parse").arg(text)));
        QVERIFY2(parsed == expected, qPrintable(QStringLiteral("'%1': expected %2, seen %3")
                                                    .arg(text, Timestamps::toIsoUtc(expected),
                                                         Timestamps::toIsoUtc(parsed))));
        QCOMPARE(parsed.timeSpec(), Qt::UTC);
    }

    void rejectsTimesWithoutOffsetOrOutOfRange_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("no offset") << "2030-01-01T19:30:00";
        QTest::newRow("no offset, ms") << "2030-01-01T19:30:00.000";
        QTest::newRow("date only") << "2030-01-01";
        QTest::newRow("space instead of T") << "2030-01-01 19:30:00Z";
        QTest::newRow("lower-case z") << "2030-01-01T19:30:00z";
        QTest::newRow("garbage") << "not a date";
        QTest::newRow("empty") << "";
        QTest::newRow("month 13, day 45, hour 99") << "2025-13-45T99:00:00Z";
        QTest::newRow("February 30") << "2030-02-30T10:00:00Z";
        QTest::newRow("February 29 in a common year") << "2030-02-29T10:00:00Z";
        QTest::newRow("hour 25") << "2030-01-01T25:00:00Z";
        QTest::newRow("minute 60") << "2030-01-01T10:60:00Z";
        QTest::newRow("second 61") << "2030-01-01T10:00:61Z";
        QTest::newRow("offset hours only") << "2030-01-01T19:30:00+01";
        QTest::newRow("offset of 25 hours") << "2030-01-01T19:30:00+25:00";
        QTest::newRow("trailing text") << "2030-01-01T19:30:00Z tomorrow";
        QTest::newRow("leading space") << " 2030-01-01T19:30:00Z";
        QTest::newRow("empty fraction") << "2030-01-01T19:30:00.Z";
        QTest::newRow("RFC 7231 date") << "Tue, 01 Jan 2030 19:30:00 GMT";
    }

    void rejectsTimesWithoutOffsetOrOutOfRange()
    {
        QFETCH(QString, text);
        const QDateTime parsed = Timestamps::parseIsoWithOffset(text);
        QVERIFY2(!parsed.isValid(),
                 qPrintable(QStringLiteral("'%1' should be rejected, parsed as %2")
                                .arg(text, Timestamps::toIsoUtc(parsed))));
    }

    void isoOutputParsesBackToTheSameInstant()
    {
        const QDateTime original = QDateTime::currentDateTimeUtc();
        QCOMPARE(Timestamps::parseIsoWithOffset(Timestamps::toIsoUtc(original)), original);
    }

    void yearIsTheYearAsWritten_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("writtenYear");
        QTest::addColumn<QDateTime>("expected");
        QTest::newRow("9999 as written, 10000 in UTC")
            << "9999-12-31T23:00:00-05:00" << 9999 << utc(10000, 1, 1, 4, 0, 0);
        QTest::newRow("1970 as written, 1969 in UTC")
            << "1970-01-01T00:30:00+01:00" << 1970 << utc(1969, 12, 31, 23, 30, 0);
        QTest::newRow("last millisecond, furthest west")
            << "9999-12-31T23:59:59.999-23:59" << 9999 << utc(10000, 1, 1, 23, 58, 59, 999);
        QTest::newRow("first instant, furthest east")
            << "1970-01-01T00:00:00+23:59" << 1970 << utc(1969, 12, 31, 0, 1, 0);
        QTest::newRow("five digits, as toIsoUtc writes after 9999")
            << "10000-01-01T04:00:00.000Z" << 10000 << utc(10000, 1, 1, 4, 0, 0);
        QTest::newRow("10000 is a leap year")
            << "10000-02-29T12:00:00Z" << 10000 << utc(10000, 2, 29, 12, 0, 0);
        QTest::newRow("five digits, 24:00 rolls into the next year")
            << "10000-12-31T24:00:00Z" << 10000 << utc(10001, 1, 1, 0, 0, 0);
        QTest::newRow("year 0999") << "0999-06-01T00:00:00Z" << 999 << utc(999, 6, 1, 0, 0, 0);
        QTest::newRow("plain 2030")
            << "2030-01-01T19:30:00+01:00" << 2030 << utc(2030, 1, 1, 18, 30, 0);
    }

    void yearIsTheYearAsWritten()
    {
        QFETCH(QString, text);
        QFETCH(int, writtenYear);
        QFETCH(QDateTime, expected);
        const std::optional<Timestamps::IsoTime> time = Timestamps::readIsoWithOffset(text);
        QVERIFY2(time.has_value(), qPrintable(QStringLiteral("'%1' should parse").arg(text)));
        QCOMPARE(time->writtenYear, writtenYear);
        QVERIFY2(time->utc == expected, qPrintable(QStringLiteral("'%1': expected %2, seen %3")
                                                       .arg(text, Timestamps::toIsoUtc(expected),
                                                            Timestamps::toIsoUtc(time->utc))));
        QCOMPARE(Timestamps::parseIsoWithOffset(text), time->utc);
    }

    void yearZeroIsReadSoItCanBeRefusedAsOutOfRange()
    {
        // Well-formed, so the API can say "out of range" rather than "malformed".
        const auto time = Timestamps::readIsoWithOffset(QStringLiteral("0000-01-01T00:00:00Z"));
        QVERIFY2(time.has_value(), "0000-01-01T00:00:00Z should parse");
        QCOMPARE(time->writtenYear, 0);
    }

    void malformedFiveDigitYearsAreRejected_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("10100 is not a leap year") << "10100-02-29T00:00:00Z";
        QTest::newRow("six digits") << "100000-01-01T00:00:00Z";
        QTest::newRow("expanded sign") << "+10000-01-01T00:00:00Z";
        QTest::newRow("three digits") << "999-01-01T00:00:00Z";
        QTest::newRow("month 13 in 10000") << "10000-13-01T00:00:00Z";
    }

    void malformedFiveDigitYearsAreRejected()
    {
        QFETCH(QString, text);
        QVERIFY2(!Timestamps::readIsoWithOffset(text).has_value(),
                 qPrintable(QStringLiteral("'%1' should be rejected").arg(text)));
    }

    void timesAfter9999InUtcRoundTrip_data()
    {
        QTest::addColumn<QDateTime>("time");
        QTest::addColumn<QString>("expected");
        QTest::newRow("10000-01-01") << utc(10000, 1, 1, 4, 0, 0) << "10000-01-01T04:00:00.000Z";
        QTest::newRow("1969-12-31")
            << utc(1969, 12, 31, 23, 30, 0, 1) << "1969-12-31T23:30:00.001Z";
    }

    void timesAfter9999InUtcRoundTrip()
    {
        QFETCH(QDateTime, time);
        QFETCH(QString, expected);
        QCOMPARE(Timestamps::toIsoUtc(time), expected);
        QCOMPARE(Timestamps::parseIsoWithOffset(expected), time);
    }

    void httpDateHasImfFixdateShape_data()
    {
        QTest::addColumn<QDateTime>("time");
        QTest::addColumn<QString>("expected");
        QTest::newRow("RFC 7231 example")
            << utc(1994, 11, 6, 8, 49, 37) << "Sun, 06 Nov 1994 08:49:37 GMT";
        QTest::newRow("offset converted to GMT")
            << QDateTime(QDate(2030, 1, 1), QTime(1, 0, 5), QTimeZone(3 * 3600))
            << "Mon, 31 Dec 2029 22:00:05 GMT";
        QTest::newRow("milliseconds dropped")
            << utc(2030, 5, 17, 9, 3, 4, 999) << "Fri, 17 May 2030 09:03:04 GMT";
    }

    void httpDateHasImfFixdateShape()
    {
        QFETCH(QDateTime, time);
        QFETCH(QString, expected);
        QCOMPARE(Timestamps::toHttpDate(time), expected);
    }

    void httpDateRoundTrips_data()
    {
        QTest::addColumn<QDateTime>("time");
        QTest::addColumn<QByteArray>("localZone"); // the process's TZ while parsing
        QTest::newRow("now") << QDateTime::currentDateTimeUtc() << QByteArray("UTC");
        QTest::newRow("1994") << utc(1994, 11, 6, 8, 49, 37) << QByteArray("UTC");
        QTest::newRow("leap day") << utc(2028, 2, 29, 23, 59, 59) << QByteArray("UTC");
        QTest::newRow("now, Berlin")
            << QDateTime::currentDateTimeUtc() << QByteArray("Europe/Berlin");
        // GMT times whose wall-clock reading does not exist, or exists twice,
        // in the machine's own zone: the parser must not pass through local time.
        QTest::newRow("spring-forward gap, Berlin")
            << utc(2030, 3, 31, 2, 30, 0) << QByteArray("Europe/Berlin");
        QTest::newRow("fall-back overlap, Berlin")
            << utc(2030, 10, 27, 2, 30, 0) << QByteArray("Europe/Berlin");
        QTest::newRow("spring-forward gap, New York")
            << utc(2030, 3, 10, 2, 30, 0) << QByteArray("America/New_York");
    }

    void httpDateRoundTrips()
    {
        QFETCH(QDateTime, time);
        QFETCH(QByteArray, localZone);
        const QByteArray previousZone = qgetenv("TZ");
        qputenv("TZ", localZone);
        const QString text = Timestamps::toHttpDate(time);
        const QDateTime parsed = Timestamps::parseHttpDate(text);
        if (previousZone.isNull())
            qunsetenv("TZ");
        else
            qputenv("TZ", previousZone);
        QVERIFY2(parsed.isValid(), qPrintable(QStringLiteral("'%1' should parse").arg(text)));
        const QDateTime expected = time.addMSecs(-time.time().msec());
        QVERIFY2(parsed == expected, qPrintable(QStringLiteral("'%1': expected %2, seen %3")
                                                    .arg(text, Timestamps::toIsoUtc(expected),
                                                         Timestamps::toIsoUtc(parsed))));
    }

    void httpDateRejectsOtherFormats_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("empty") << "";
        QTest::newRow("ISO 8601") << "2030-01-01T19:30:00Z";
        QTest::newRow("garbage") << "yesterday";
        QTest::newRow("impossible day") << "Sun, 32 Nov 1994 08:49:37 GMT";
    }

    void httpDateRejectsOtherFormats()
    {
        QFETCH(QString, text);
        const QDateTime parsed = Timestamps::parseHttpDate(text);
        QVERIFY2(!parsed.isValid(),
                 qPrintable(
                     QStringLiteral("'%1' parsed as %2").arg(text, Timestamps::toIsoUtc(parsed))));
    }
};

QTEST_GUILESS_MAIN(TestTimestamps)
#include "tst_timestamps.moc"
