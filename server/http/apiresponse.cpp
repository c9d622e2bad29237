#include "apiresponse.h"

#include <QJsonDocument>
#include <QtMath>

ApiResponse ApiResponse::json(int status, const QJsonObject &object)
{
    return {status, {}, QJsonDocument(object).toJson(QJsonDocument::Compact)};
}

ApiResponse ApiResponse::json(int status, const QJsonArray &array)
{
    return {status, {}, QJsonDocument(array).toJson(QJsonDocument::Compact)};
}

ApiResponse ApiResponse::bytes(int status, const QByteArray &contentType, const QByteArray &body)
{
    ApiResponse response{status, {}, body};
    response.contentType = contentType;
    return response;
}

ApiResponse ApiResponse::text(int status, const QString &text)
{
    return bytes(status, "text/plain; charset=utf-8", text.toUtf8());
}

ApiResponse ApiResponse::upgrade(std::function<void(QTcpSocket *)> upgradeTo)
{
    ApiResponse response;
    response.status = 101;
    response.upgradeTo = std::move(upgradeTo);
    return response;
}

ApiResponse ApiResponse::stream(const QByteArray &contentType,
                                std::function<void(ResponseStream *)> openStream)
{
    ApiResponse response = bytes(200, contentType, {});
    response.openStream = std::move(openStream);
    return response;
}

ApiResponse ApiResponse::error(const DomainError &error)
{
    QJsonObject body = error.details;
    body.insert(QStringLiteral("error"), error.message);
    body.insert(QStringLiteral("code"), errorCodeName(error.code));
    ApiResponse response = json(statusFor(error.code), body);
    // A busy server says when to come back, so well-behaved clients spread their retries.
    if (error.code == ErrorCode::ServerBusy)
        response.headers.append(qMakePair(QByteArray("Retry-After"), QByteArray("1")));
    // Rate limits and locked logins say how long to wait, in whole seconds (at least 1).
    if (const QJsonValue wait = error.details.value(QStringLiteral("retry_after")); wait.isDouble())
        response.headers.append(qMakePair(QByteArray("Retry-After"),
                                          QByteArray::number(qMax(1, qCeil(wait.toDouble())))));
    return response;
}

ApiResponse ApiResponse::error(ErrorCode code, const QString &message, const QJsonObject &details)
{
    return error(DomainError{code, message, details});
}

int ApiResponse::statusFor(ErrorCode code)
{
    switch (code) {
    case ErrorCode::InvalidJson:
    case ErrorCode::InvalidField:
    case ErrorCode::MissingField:
    case ErrorCode::OutOfRange:
    case ErrorCode::InvalidId:
    case ErrorCode::BadRequest:
    case ErrorCode::InvalidFlagKey:
    case ErrorCode::InvalidFlagValue:
    case ErrorCode::WeakPassword:
        return 400;
    case ErrorCode::Unauthorized:
    case ErrorCode::InvalidCredentials:
        return 401;
    case ErrorCode::Forbidden:
        return 403;
    case ErrorCode::NotFound:
    case ErrorCode::ShowNotFound:
    case ErrorCode::BookingNotFound:
    case ErrorCode::FlagNotFound:
    case ErrorCode::UserNotFound:
    case ErrorCode::TokenNotFound:
    case ErrorCode::PlanNotFound:
    case ErrorCode::ShiftNotFound:
        return 404;
    case ErrorCode::MethodNotAllowed:
        return 405;
    case ErrorCode::NotEnoughSeats:
    case ErrorCode::ShowCancelled:
    case ErrorCode::BookingExpired:
    case ErrorCode::BookingCancelled:
    case ErrorCode::CapacityBelowReserved:
    case ErrorCode::Conflict:
    case ErrorCode::UsernameTaken:
    case ErrorCode::LastAdmin:
    case ErrorCode::SeatsTaken:
    case ErrorCode::NoOpenShift:
    case ErrorCode::ShiftAlreadyOpen:
    case ErrorCode::ShiftClosed:
    case ErrorCode::PaymentRequired:
        return 409;
    case ErrorCode::VersionConflict:
        return 412;
    case ErrorCode::PayloadTooLarge:
        return 413;
    case ErrorCode::UnsupportedMediaType:
        return 415;
    case ErrorCode::HostNotAllowed:
        return 421;
    case ErrorCode::IdempotencyKeyReused:
    case ErrorCode::PaymentInvalid:
    case ErrorCode::UnknownCategory:
    case ErrorCode::NothingToCancel:
        return 422;
    case ErrorCode::AccountLocked:
    case ErrorCode::RateLimited:
        return 429;
    case ErrorCode::UpgradeRequired:
        return 426;
    case ErrorCode::HeadersTooLarge:
        return 431;
    case ErrorCode::DatabaseUnavailable:
    case ErrorCode::ServerBusy:
    case ErrorCode::SalesPaused:
    case ErrorCode::NotReady:
        return 503;
    case ErrorCode::Internal:
        break;
    }
    return 500;
}

QByteArray ApiResponse::reasonPhrase(int status)
{
    switch (status) {
    case 100:
        return "Continue";
    case 101:
        return "Switching Protocols";
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 204:
        return "No Content";
    case 308:
        return "Permanent Redirect";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 404:
        return "Not Found";
    case 403:
        return "Forbidden";
    case 405:
        return "Method Not Allowed";
    case 409:
        return "Conflict";
    case 412:
        return "Precondition Failed";
    case 413:
        return "Payload Too Large";
    case 415:
        return "Unsupported Media Type";
    case 421:
        return "Misdirected Request";
    case 422:
        return "Unprocessable Content";
    case 426:
        return "Upgrade Required";
    case 429:
        return "Too Many Requests";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 503:
        return "Service Unavailable";
    default:
        return "Unknown";
    }
}
