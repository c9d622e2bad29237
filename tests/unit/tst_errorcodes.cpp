// Error code names are the API's machine contract: every code has one unique,
// stable snake_case name that reads back to the same code.
#include "errorcode.h"

#include <QRegularExpression>
#include <QSet>
#include <QtTest>

class TestErrorCodes : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyCodeRoundTripsThroughItsName_data()
    {
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("name");
        // Every enumerator, with the name clients match on.
        const QList<QPair<ErrorCode, const char *>> all = {
            {ErrorCode::InvalidJson, "invalid_json"},
            {ErrorCode::InvalidField, "invalid_field"},
            {ErrorCode::MissingField, "missing_field"},
            {ErrorCode::OutOfRange, "out_of_range"},
            {ErrorCode::InvalidId, "invalid_id"},
            {ErrorCode::UnsupportedMediaType, "unsupported_media_type"},
            {ErrorCode::PayloadTooLarge, "payload_too_large"},
            {ErrorCode::Unauthorized, "unauthorized"},
            {ErrorCode::NotFound, "not_found"},
            {ErrorCode::MethodNotAllowed, "method_not_allowed"},
            {ErrorCode::ShowNotFound, "show_not_found"},
            {ErrorCode::BookingNotFound, "booking_not_found"},
            {ErrorCode::NotEnoughSeats, "not_enough_seats"},
            {ErrorCode::ShowCancelled, "show_cancelled"},
            {ErrorCode::BookingExpired, "booking_expired"},
            {ErrorCode::BookingCancelled, "booking_cancelled"},
            {ErrorCode::CapacityBelowReserved, "capacity_below_reserved"},
            {ErrorCode::IdempotencyKeyReused, "idempotency_key_reused"},
            {ErrorCode::Conflict, "conflict"},
            {ErrorCode::DatabaseUnavailable, "database_unavailable"},
            {ErrorCode::ServerBusy, "server_busy"},
            {ErrorCode::BadRequest, "bad_request"},
            {ErrorCode::HeadersTooLarge, "headers_too_large"},
            {ErrorCode::FlagNotFound, "flag_not_found"},
            {ErrorCode::InvalidFlagKey, "invalid_flag_key"},
            {ErrorCode::InvalidFlagValue, "invalid_flag_value"},
            {ErrorCode::VersionConflict, "version_conflict"},
            {ErrorCode::SalesPaused, "sales_paused"},
            {ErrorCode::Forbidden, "forbidden"},
            {ErrorCode::InvalidCredentials, "invalid_credentials"},
            {ErrorCode::AccountLocked, "account_locked"},
            {ErrorCode::RateLimited, "rate_limited"},
            {ErrorCode::HostNotAllowed, "host_not_allowed"},
            {ErrorCode::WeakPassword, "weak_password"},
            {ErrorCode::UserNotFound, "user_not_found"},
            {ErrorCode::TokenNotFound, "token_not_found"},
            {ErrorCode::UsernameTaken, "username_taken"},
            {ErrorCode::LastAdmin, "last_admin"},
            {ErrorCode::NotReady, "not_ready"},
            {ErrorCode::UpgradeRequired, "upgrade_required"},
            {ErrorCode::SeatsTaken, "seats_taken"},
            {ErrorCode::PlanNotFound, "plan_not_found"},
            {ErrorCode::NoOpenShift, "no_open_shift"},
            {ErrorCode::ShiftAlreadyOpen, "shift_already_open"},
            {ErrorCode::ShiftClosed, "shift_closed"},
            {ErrorCode::ShiftNotFound, "shift_not_found"},
            {ErrorCode::PaymentRequired, "payment_required"},
            {ErrorCode::PaymentInvalid, "payment_invalid"},
            {ErrorCode::UnknownCategory, "unknown_category"},
            {ErrorCode::NothingToCancel, "nothing_to_cancel"},
            {ErrorCode::Internal, "internal_error"},
        };
        QCOMPARE(all.size(), int(ErrorCode::Internal) + 1); // the list above misses no enumerator
        for (const auto &[code, name] : all)
            QTest::newRow(name) << int(code) << QString::fromLatin1(name);
    }

    void everyCodeRoundTripsThroughItsName()
    {
        QFETCH(int, code);
        QFETCH(QString, name);
        QCOMPARE(errorCodeName(ErrorCode(code)), name);
        const auto back = errorCodeFromName(name);
        QVERIFY2(back.has_value(), qPrintable(QStringLiteral("no code for name %1").arg(name)));
        QCOMPARE(int(*back), code);
    }

    void namesAreUniqueSnakeCase()
    {
        static const QRegularExpression snake(QStringLiteral("^[a-z]+(_[a-z]+)*$"));
        QSet<QString> seen;
        for (int code = 0; code <= int(ErrorCode::Internal); ++code) {
            const QString name = errorCodeName(ErrorCode(code));
            QVERIFY2(snake.match(name).hasMatch(),
                     qPrintable(QStringLiteral("code %1 has name '%2'").arg(code).arg(name)));
            QVERIFY2(!seen.contains(name),
                     qPrintable(QStringLiteral("name '%1' used twice").arg(name)));
            seen.insert(name);
        }
    }

    void unknownNamesHaveNoCode_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("empty") << QString();
        QTest::newRow("upper case") << "NOT_FOUND";
        QTest::newRow("camel case") << "notFound";
        QTest::newRow("padded") << " not_found";
        QTest::newRow("made up") << "teapot";
    }

    void unknownNamesHaveNoCode()
    {
        QFETCH(QString, name);
        const auto code = errorCodeFromName(name);
        QVERIFY2(
            !code.has_value(),
            qPrintable(
                QStringLiteral("'%1' decoded to code %2").arg(name).arg(code ? int(*code) : -1)));
    }
};

QTEST_GUILESS_MAIN(TestErrorCodes)
#include "tst_errorcodes.moc"
