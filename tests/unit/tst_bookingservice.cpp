// The rules of BookingService and ShowService that need no database: the
// Idempotency-Key as it arrives (visible ASCII only, nothing trimmed), the
// request fingerprint, the seat and name limits, page limits.
#include "apilimits.h"
#include "auth/bearertoken.h"
#include "booking/bookingservice.h"
#include "booking/showservice.h"

#include <QtTest>

namespace {
QString describe(const std::optional<DomainError> &error)
{
    if (!error)
        return QStringLiteral("accepted");
    return errorCodeName(error->code) + QStringLiteral(" (") + error->message +
           QStringLiteral(") field=") + error->details.value(QStringLiteral("field")).toString();
}

BookingService::BookCommand goodBooking()
{
    return {1, QStringLiteral("Ann"), 2, QByteArray()};
}
} // namespace

class TestBookingService : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void idempotencyKeyIsJudgedAsItArrives_data()
    {
        QTest::addColumn<QByteArray>("key");
        QTest::addColumn<QString>("expected"); // "" = accepted, else the error code
        QTest::newRow("none") << QByteArray() << QString();
        QTest::newRow("uuid") << QByteArray("3f2b8c1e-5d6a-4e7f-9a0b-1c2d3e4f5a6b") << QString();
        QTest::newRow("every visible ASCII character")
            << QByteArray("!\"#$%&'()*+,-./09:;<=>?@AZ[\\]^_`az{|}~") << QString();
        QTest::newRow("200 characters") << QByteArray(200, 'k') << QString();
        QTest::newRow("201 characters") << QByteArray(201, 'k') << QStringLiteral("out_of_range");
        QTest::newRow("leading UTF-8 BOM")
            << QByteArray("\xEF\xBB\xBFkey-1") << QStringLiteral("invalid_field");
        QTest::newRow("no-break spaces around")
            << QByteArray("\xC2\xA0key-1\xC2\xA0") << QStringLiteral("invalid_field");
        QTest::newRow("em space (U+2003)")
            << QByteArray("key-1\xE2\x80\x83") << QStringLiteral("invalid_field");
        QTest::newRow("tab inside") << QByteArray("key\t1") << QStringLiteral("invalid_field");
        QTest::newRow("space inside") << QByteArray("key 1") << QStringLiteral("invalid_field");
        QTest::newRow("NUL") << QByteArray("key\0001", 5) << QStringLiteral("invalid_field");
        QTest::newRow("DEL") << QByteArray("key\x7f") << QStringLiteral("invalid_field");
        QTest::newRow("Latin-1 byte") << QByteArray("k\xE9y") << QStringLiteral("invalid_field");
        // Not visible ASCII wins over too long: the same order as before.
        QTest::newRow("201 characters with a BOM")
            << (QByteArray("\xEF\xBB\xBF") + QByteArray(201, 'k'))
            << QStringLiteral("invalid_field");
    }
    void idempotencyKeyIsJudgedAsItArrives()
    {
        QFETCH(QByteArray, key);
        QFETCH(QString, expected);
        BookingService::BookCommand command = goodBooking();
        command.idempotencyKey = key;
        const auto error = BookingService::check(command, {});
        const QString seen = error ? errorCodeName(error->code) : QString();
        QVERIFY2(seen == expected,
                 qPrintable(QStringLiteral("expected %1, seen %2")
                                .arg(expected.isEmpty() ? "accepted" : expected, describe(error))));
        if (error)
            QCOMPARE(error->details.value(QStringLiteral("field")).toString(),
                     QStringLiteral("Idempotency-Key"));
    }

    void fingerprintNamesWhatTheRequestAsksFor()
    {
        const QString base = BookingService::fingerprint(7, QStringLiteral("Ann"), 2);
        QCOMPARE(base.size(), 64); // SHA-256 in hex
        QCOMPARE(BookingService::fingerprint(7, QStringLiteral("Ann"), 2), base);
        QVERIFY(BookingService::fingerprint(8, QStringLiteral("Ann"), 2) != base);
        QVERIFY(BookingService::fingerprint(7, QStringLiteral("Anne"), 2) != base);
        QVERIFY(BookingService::fingerprint(7, QStringLiteral("Ann"), 3) != base);
        // The separator keeps fields apart: show 1 + "2\nX" is not show 12 + "X".
        QVERIFY(BookingService::fingerprint(1, QStringLiteral("2X"), 1) !=
                BookingService::fingerprint(12, QStringLiteral("X"), 1));
        // Names are hashed as UTF-8, so non-Latin names are told apart.
        QVERIFY(BookingService::fingerprint(7, QStringLiteral("Zoë"), 2) !=
                BookingService::fingerprint(7, QStringLiteral("Zoe"), 2));
    }

    void aChosenAccessTokenIsPartOfTheRequest()
    {
        const QString plain = BookingService::fingerprint(7, QStringLiteral("Ann"), 2);
        const QByteArray chosen = "bka_" + QByteArray(43, 'A');
        const QByteArray digest = BearerToken::digest(chosen);
        QVERIFY2(BookingService::fingerprint(7, QStringLiteral("Ann"), 2, digest) != plain,
                 "a replay without the chosen token must be another request");
        QVERIFY(BookingService::fingerprint(7, QStringLiteral("Ann"), 2, digest) !=
                BookingService::fingerprint(7, QStringLiteral("Ann"), 2,
                                            BearerToken::digest("bka_" + QByteArray(43, 'B'))));
    }

    void aReplayShowsOnlyTheCallersOwnToken()
    {
        BookingService::BookCommand command{7, QStringLiteral("Ann"), 2, "key"};
        command.by = BookingAccess::none();
        command.by.issuesAccessToken = true;
        const QByteArray chosen = "bka_" + QByteArray(43, 'A');
        const QByteArray bookingHash = BearerToken::digest(chosen);
        QVERIFY2(BookingService::replayedAccessToken(command, bookingHash).isEmpty(),
                 "the key and body alone must reveal no token");
        command.accessToken = "bka_" + QByteArray(43, 'B');
        QVERIFY(BookingService::replayedAccessToken(command, bookingHash).isEmpty());
        command.accessToken = chosen;
        QCOMPARE(BookingService::replayedAccessToken(command, bookingHash), chosen);
        command.by = BookingAccess::any();
        QVERIFY2(BookingService::replayedAccessToken(command, bookingHash).isEmpty(),
                 "staff are never shown a booking's access token");
    }

    void chosenAccessTokenShape_data()
    {
        QTest::addColumn<QByteArray>("token");
        QTest::addColumn<bool>("accepted");
        QTest::newRow("server shape") << QByteArray("bka_" + QByteArray(43, 'x')) << true;
        QTest::newRow("base64url symbols")
            << QByteArray("bka_" + QByteArray(42, '-') + "_") << true;
        QTest::newRow("one short") << QByteArray("bka_" + QByteArray(42, 'x')) << false;
        QTest::newRow("one long") << QByteArray("bka_" + QByteArray(44, 'x')) << false;
        QTest::newRow("session prefix") << QByteArray("bos_" + QByteArray(43, 'x')) << false;
        QTest::newRow("padding") << QByteArray("bka_" + QByteArray(42, 'x') + "=") << false;
        QTest::newRow("empty") << QByteArray() << false;
    }

    void chosenAccessTokenShape()
    {
        QFETCH(QByteArray, token);
        QFETCH(bool, accepted);
        QCOMPARE(!BookingService::checkAccessToken(token).has_value(), accepted);
    }

    void seatLimitFollowsTheSettings_data()
    {
        QTest::addColumn<int>("maxSeats");
        QTest::addColumn<int>("seats");
        QTest::addColumn<bool>("accepted");
        QTest::newRow("1 of 20") << 20 << 1 << true;
        QTest::newRow("20 of 20") << 20 << 20 << true;
        QTest::newRow("21 of 20") << 20 << 21 << false;
        QTest::newRow("0") << 20 << 0 << false;
        QTest::newRow("-1") << 20 << -1 << false;
        QTest::newRow("4 of 3") << 3 << 4 << false;
        QTest::newRow("50 of 50") << 50 << 50 << true;
    }
    void seatLimitFollowsTheSettings()
    {
        QFETCH(int, maxSeats);
        QFETCH(int, seats);
        QFETCH(bool, accepted);
        BookingService::BookCommand command = goodBooking();
        command.seats = seats;
        const auto error = BookingService::check(command, {120, maxSeats});
        QVERIFY2(!error == accepted, qPrintable(describe(error)));
        if (error) {
            QCOMPARE(error->code, ErrorCode::OutOfRange);
            QCOMPARE(error->message,
                     QStringLiteral("seats must be between 1 and %1.").arg(maxSeats));
        }
    }

    void userNameLengthIsCountedInCharacters()
    {
        BookingService::BookCommand command = goodBooking();
        command.userName = QString(Limits::kMaxUserNameLength, QChar(0x00e9));
        QVERIFY2(!BookingService::check(command, {}), "200 two-byte characters are 200");
        // 200 characters outside the BMP are 400 UTF-16 units, still 200 characters.
        command.userName =
            QString::fromUcs4(std::u32string(Limits::kMaxUserNameLength, U'\U0001F3AD').c_str(),
                              Limits::kMaxUserNameLength);
        QVERIFY2(!BookingService::check(command, {}),
                 qPrintable(describe(BookingService::check(command, {}))));
        command.userName += QLatin1Char('x');
        const auto tooLong = BookingService::check(command, {});
        QVERIFY2(tooLong && tooLong->code == ErrorCode::OutOfRange, qPrintable(describe(tooLong)));
        command.userName.clear();
        const auto empty = BookingService::check(command, {});
        QVERIFY2(empty && empty->code == ErrorCode::OutOfRange &&
                     empty->details.value("field").toString() == "user_name",
                 qPrintable(describe(empty)));
    }

    void firstProblemIsReportedInFieldOrder()
    {
        BookingService::BookCommand command{1, QString(), 0, QByteArray("bad key")};
        QCOMPARE(BookingService::check(command, {})->details.value("field").toString(),
                 QStringLiteral("user_name"));
        command.userName = QStringLiteral("Ann");
        QCOMPARE(BookingService::check(command, {})->details.value("field").toString(),
                 QStringLiteral("seats"));
        command.seats = 1;
        QCOMPARE(BookingService::check(command, {})->details.value("field").toString(),
                 QStringLiteral("Idempotency-Key"));
    }

    // Issue 12: an operator's pause refuses new holds, but only input that
    // is otherwise good; bad input stays a 4xx that names its field.
    void salesPauseComesAfterTheFieldChecks()
    {
        BookingService::Settings paused;
        paused.salesPaused = true;
        const auto all = BookingService::check(goodBooking(), paused);
        QVERIFY2(all && all->code == ErrorCode::SalesPaused, qPrintable(describe(all)));
        QCOMPARE(all->message, QStringLiteral("Sales are paused: no new holds can be made."));
        QCOMPARE(all->details, (QJsonObject{{"scope", "all"}}));

        BookingService::BookCommand bad = goodBooking();
        bad.seats = 0;
        const auto badSeats = BookingService::check(bad, paused);
        QVERIFY2(badSeats && badSeats->code == ErrorCode::OutOfRange,
                 qPrintable(describe(badSeats)));

        BookingService::Settings oneShow;
        oneShow.pausedShowIds = {5};
        QVERIFY2(!BookingService::check(goodBooking(), oneShow), "show 1 is not paused");
        BookingService::BookCommand forFive = goodBooking();
        forFive.showId = 5;
        const auto show = BookingService::check(forFive, oneShow);
        QVERIFY2(show && show->code == ErrorCode::SalesPaused, qPrintable(describe(show)));
        QCOMPARE(show->message, QStringLiteral("Sales for this show are paused."));
        QCOMPARE(show->details, (QJsonObject{{"scope", "show"}, {"show_id", 5}}));
        forFive.idempotencyKey = QByteArray("bad key");
        const auto badKey = BookingService::check(forFive, oneShow);
        QVERIFY2(badKey && badKey->code == ErrorCode::InvalidField, qPrintable(describe(badKey)));

        // A good key defers the pause to book(), which replays a hold made before it.
        forFive.idempotencyKey = QByteArray("retry-7");
        const auto keyed = BookingService::check(forFive, oneShow);
        QVERIFY2(!keyed, qPrintable(describe(keyed)));
        const auto direct = BookingService::checkSalesOpen(5, oneShow);
        QVERIFY2(direct && direct->code == ErrorCode::SalesPaused, qPrintable(describe(direct)));
        QVERIFY2(!BookingService::checkSalesOpen(1, oneShow), "show 1 is not paused");
    }

    void pageLimits()
    {
        QVERIFY(!BookingService::check(BookingService::ListQuery{1, {}, 1, 0}));
        QVERIFY(!BookingService::check(BookingService::ListQuery{1, {}, Limits::kMaxPageSize, 0}));
        const auto tooMany =
            BookingService::check(BookingService::ListQuery{1, {}, Limits::kMaxPageSize + 1, 0});
        QVERIFY2(tooMany && tooMany->code == ErrorCode::OutOfRange, qPrintable(describe(tooMany)));
        const auto negative = BookingService::check(BookingService::ListQuery{1, {}, 10, -1});
        QVERIFY2(negative && negative->details.value("field").toString() == "offset",
                 qPrintable(describe(negative)));
    }

    void referenceShape()
    {
        QVERIFY(!BookingService::checkReference(QStringLiteral("ABCD2345")));
        QVERIFY(!BookingService::checkReference(QStringLiteral("legacy-ref-1")));
        for (const QString &bad : {QString(), QStringLiteral("AB CD"), QStringLiteral("AB/CD"),
                                   QString(65, QLatin1Char('A')), QStringLiteral("ÄBCD")}) {
            const auto error = BookingService::checkReference(bad);
            QVERIFY2(error && error->code == ErrorCode::InvalidField,
                     qPrintable(QStringLiteral("'%1': %2").arg(bad, describe(error))));
        }
    }

    void showRules()
    {
        const QDateTime start = QDateTime::fromSecsSinceEpoch(1893526200, Qt::UTC);
        QVERIFY(
            !ShowService::check(ShowService::CreateCommand{QStringLiteral("Hamlet"), start, 1}));
        QVERIFY(!ShowService::check(
            ShowService::CreateCommand{QStringLiteral("Hamlet"), start, Limits::kMaxTotalSeats}));
        const auto tooBig = ShowService::check(ShowService::CreateCommand{
            QStringLiteral("Hamlet"), start, Limits::kMaxTotalSeats + 1});
        QVERIFY2(tooBig && tooBig->details.value("field").toString() == "total_seats",
                 qPrintable(describe(tooBig)));
        const auto longName = ShowService::check(ShowService::CreateCommand{
            QString(Limits::kMaxShowNameLength + 1, QLatin1Char('n')), start, 0});
        QVERIFY2(longName && longName->details.value("field").toString() == "name",
                 qPrintable(describe(longName)));

        ShowService::UpdateCommand nothing;
        nothing.id = 1;
        const auto empty = ShowService::check(nothing);
        QVERIFY2(empty && empty->code == ErrorCode::MissingField, qPrintable(describe(empty)));
        ShowService::UpdateCommand seatsOnly = nothing;
        seatsOnly.totalSeats = 0;
        const auto zero = ShowService::check(seatsOnly);
        QVERIFY2(zero && zero->code == ErrorCode::OutOfRange, qPrintable(describe(zero)));
        seatsOnly.totalSeats = 10;
        QVERIFY2(!ShowService::check(seatsOnly),
                 qPrintable(describe(ShowService::check(seatsOnly))));
    }
};

QTEST_GUILESS_MAIN(TestBookingService)
#include "tst_bookingservice.moc"
