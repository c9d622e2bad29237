#include "errorcode.h"

#include <array>
#include <utility>

namespace {
constexpr std::array kNames = {
    std::pair{ErrorCode::InvalidJson, "invalid_json"},
    std::pair{ErrorCode::InvalidField, "invalid_field"},
    std::pair{ErrorCode::MissingField, "missing_field"},
    std::pair{ErrorCode::OutOfRange, "out_of_range"},
    std::pair{ErrorCode::InvalidId, "invalid_id"},
    std::pair{ErrorCode::UnsupportedMediaType, "unsupported_media_type"},
    std::pair{ErrorCode::PayloadTooLarge, "payload_too_large"},
    std::pair{ErrorCode::Unauthorized, "unauthorized"},
    std::pair{ErrorCode::NotFound, "not_found"},
    std::pair{ErrorCode::MethodNotAllowed, "method_not_allowed"},
    std::pair{ErrorCode::ShowNotFound, "show_not_found"},
    std::pair{ErrorCode::BookingNotFound, "booking_not_found"},
    std::pair{ErrorCode::NotEnoughSeats, "not_enough_seats"},
    std::pair{ErrorCode::ShowCancelled, "show_cancelled"},
    std::pair{ErrorCode::BookingExpired, "booking_expired"},
    std::pair{ErrorCode::BookingCancelled, "booking_cancelled"},
    std::pair{ErrorCode::CapacityBelowReserved, "capacity_below_reserved"},
    std::pair{ErrorCode::IdempotencyKeyReused, "idempotency_key_reused"},
    std::pair{ErrorCode::Conflict, "conflict"},
    std::pair{ErrorCode::DatabaseUnavailable, "database_unavailable"},
    std::pair{ErrorCode::ServerBusy, "server_busy"},
    std::pair{ErrorCode::BadRequest, "bad_request"},
    std::pair{ErrorCode::HeadersTooLarge, "headers_too_large"},
    std::pair{ErrorCode::FlagNotFound, "flag_not_found"},
    std::pair{ErrorCode::InvalidFlagKey, "invalid_flag_key"},
    std::pair{ErrorCode::InvalidFlagValue, "invalid_flag_value"},
    std::pair{ErrorCode::VersionConflict, "version_conflict"},
    std::pair{ErrorCode::SalesPaused, "sales_paused"},
    std::pair{ErrorCode::Forbidden, "forbidden"},
    std::pair{ErrorCode::InvalidCredentials, "invalid_credentials"},
    std::pair{ErrorCode::AccountLocked, "account_locked"},
    std::pair{ErrorCode::RateLimited, "rate_limited"},
    std::pair{ErrorCode::HostNotAllowed, "host_not_allowed"},
    std::pair{ErrorCode::WeakPassword, "weak_password"},
    std::pair{ErrorCode::UserNotFound, "user_not_found"},
    std::pair{ErrorCode::TokenNotFound, "token_not_found"},
    std::pair{ErrorCode::UsernameTaken, "username_taken"},
    std::pair{ErrorCode::LastAdmin, "last_admin"},
    std::pair{ErrorCode::NotReady, "not_ready"},
    std::pair{ErrorCode::UpgradeRequired, "upgrade_required"},
    std::pair{ErrorCode::SeatsTaken, "seats_taken"},
    std::pair{ErrorCode::PlanNotFound, "plan_not_found"},
    std::pair{ErrorCode::NoOpenShift, "no_open_shift"},
    std::pair{ErrorCode::ShiftAlreadyOpen, "shift_already_open"},
    std::pair{ErrorCode::ShiftClosed, "shift_closed"},
    std::pair{ErrorCode::ShiftNotFound, "shift_not_found"},
    std::pair{ErrorCode::PaymentRequired, "payment_required"},
    std::pair{ErrorCode::PaymentInvalid, "payment_invalid"},
    std::pair{ErrorCode::UnknownCategory, "unknown_category"},
    std::pair{ErrorCode::NothingToCancel, "nothing_to_cancel"},
    std::pair{ErrorCode::Internal, "internal_error"},
};
} // namespace

QString errorCodeName(ErrorCode code)
{
    for (const auto &[c, name] : kNames) {
        if (c == code)
            return QString::fromLatin1(name);
    }
    return QStringLiteral("internal_error");
}

std::optional<ErrorCode> errorCodeFromName(const QString &name)
{
    for (const auto &[c, n] : kNames) {
        if (name == QLatin1String(n))
            return c;
    }
    return std::nullopt;
}
