#include "router.h"

#include "auth/authenticator.h"

#include <QJsonObject>
#include <QMetaEnum>
#include <QObject>
#include <QStringDecoder>

#include <cctype>

namespace {
QFuture<ApiResponse> ready(ApiResponse response)
{
    return QtFuture::makeReadyFuture(std::move(response));
}

// What a 404/405 quotes of the path: enough to recognise it, never the whole
// of a path a client made huge to have it mirrored back.
QString echoed(const QString &path)
{
    if (path.size() <= Router::kMaxEchoedPathLength)
        return path;
    return path.left(Router::kMaxEchoedPathLength) + QStringLiteral("...");
}

// The first query parameter that is given more than once, compared decoded.
QString repeatedParameter(const QUrlQuery &query)
{
    QStringList seen;
    for (const auto &[key, value] : query.queryItems(QUrl::FullyDecoded)) {
        if (seen.contains(key))
            return key;
        seen << key;
    }
    return {};
}
} // namespace

bool Router::splitPath(const QString &path, QStringList *segments)
{
    segments->clear();
    for (const QString &raw : path.split(QLatin1Char('/'), Qt::SkipEmptyParts)) {
        QByteArray decoded;
        const QByteArray bytes = raw.toUtf8();
        for (qsizetype i = 0; i < bytes.size(); ++i) {
            if (bytes.at(i) != '%') {
                decoded += bytes.at(i);
                continue;
            }
            const QByteArray hex = bytes.mid(i + 1, 2);
            const auto isHex = [](char c) {
                return std::isxdigit(static_cast<unsigned char>(c)) != 0;
            };
            if (hex.size() != 2 || !isHex(hex.at(0)) || !isHex(hex.at(1)))
                return false;
            decoded += char(hex.toInt(nullptr, 16));
            i += 2;
        }
        QStringDecoder utf8(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
        const QString text = utf8(decoded);
        if (utf8.hasError())
            return false;
        *segments << text;
    }
    return true;
}

Router::Router(Options options) : m_options(options), m_context(std::make_unique<QObject>())
{
    Q_ASSERT(m_options.authenticator);
}

Router::Router(Router &&) noexcept = default;
Router::~Router() = default;

QString Router::methodName(QHttpServerRequest::Method method)
{
    return QString::fromLatin1(
               QMetaEnum::fromType<QHttpServerRequest::Method>().valueToKey(int(method)))
        .toUpper();
}

QString Router::accessName(Access access)
{
    switch (access) {
    case Access::Public:
        return QStringLiteral("public");
    case Access::Authenticated:
        return QStringLiteral("authenticated");
    case Access::Booking:
        return QStringLiteral("booking");
    case Access::BookingRecord:
        return QStringLiteral("booking_record");
    case Access::Admin:
        return QStringLiteral("admin");
    case Access::Subscriber:
        return QStringLiteral("subscriber");
    case Access::Till:
        return QStringLiteral("till");
    }
    return QStringLiteral("admin");
}

QString Router::rateClassName(RateClass rateClass)
{
    switch (rateClass) {
    case RateClass::None:
        return QStringLiteral("none");
    case RateClass::Login:
        return QStringLiteral("login");
    case RateClass::Booking:
        return QStringLiteral("booking");
    case RateClass::Settle:
        return QStringLiteral("settle");
    }
    return QStringLiteral("none");
}

QString Router::publicBookingName(PublicBooking mode)
{
    switch (mode) {
    case PublicBooking::Off:
        return QStringLiteral("off");
    case PublicBooking::Token:
        return QStringLiteral("token");
    case PublicBooking::Open:
        return QStringLiteral("open");
    }
    return QStringLiteral("off");
}

void Router::add(QHttpServerRequest::Method method, const QString &pattern, Access access,
                 Handler handler, RateClass rateClass)
{
    m_routes.append({method, pattern, pattern.split(QLatin1Char('/'), Qt::SkipEmptyParts), access,
                     rateClass, std::move(handler)});
}

QList<Router::RouteInfo> Router::routes() const
{
    QList<RouteInfo> all;
    for (const Route &route : m_routes)
        all.append({route.method, route.pattern, route.access, route.rateClass});
    return all;
}

bool Router::matches(const Route &route, const QStringList &segments, QStringList *arguments)
{
    if (route.segments.size() != segments.size())
        return false;
    QStringList captured;
    for (qsizetype i = 0; i < segments.size(); ++i) {
        const QString &expected = route.segments.at(i);
        if (expected.startsWith(QLatin1Char(':')))
            captured << segments.at(i);
        else if (expected != segments.at(i))
            return false;
    }
    *arguments = captured;
    return true;
}

std::optional<DomainError> Router::refusal(const Route &route, const Result<Principal> &resolved,
                                           Principal *principal) const
{
    const PublicBooking mode = m_options.publicBooking;
    const bool anonymousAllowed =
        (route.access == Access::Booking && mode != PublicBooking::Off) ||
        (route.access == Access::BookingRecord && mode == PublicBooking::Open) ||
        route.access == Access::Subscriber;
    if (!resolved) {
        // No credential at all may be fine; a bad one never silently becomes anonymous.
        if (resolved.error().details.value(QStringLiteral("reason")) == QLatin1String("missing") &&
            anonymousAllowed) {
            *principal = Principal::anonymous();
            return std::nullopt;
        }
        return resolved.error();
    }
    *principal = *resolved;
    const auto forbidden = [](const QString &message) {
        return DomainError{ErrorCode::Forbidden, message, {}};
    };
    switch (route.access) {
    case Access::Public:
    case Access::Subscriber:
        return std::nullopt;
    case Access::Authenticated:
        if (principal->isStaff())
            return std::nullopt;
        return forbidden(QStringLiteral("A booking access token opens only its own booking."));
    case Access::Booking:
        if (principal->isStaff())
            return std::nullopt;
        return forbidden(QStringLiteral("A booking access token opens only its own booking; "
                                        "booking more needs a staff or shop token."));
    case Access::BookingRecord:
        if (principal->isStaff())
            return std::nullopt;
        // A holder's token is checked against the booking itself by the service.
        if (principal->kind == Principal::Kind::BookingHolder && mode != PublicBooking::Off)
            return std::nullopt;
        return forbidden(QStringLiteral("Public booking is off: bookings are opened with a staff "
                                        "or shop token."));
    case Access::Admin:
        if (principal->hasRole(StaffRole::Admin))
            return std::nullopt;
        return forbidden(QStringLiteral("This needs an admin."));
    case Access::Till:
        if (principal->hasRole(StaffRole::Admin) || principal->hasRole(StaffRole::Clerk))
            return std::nullopt;
        return forbidden(QStringLiteral("Shifts are kept by clerks and admins at the counter."));
    }
    return forbidden(QStringLiteral("This needs an admin."));
}

QFuture<ApiResponse> Router::admitAndRun(const Route &route, ApiRequest request) const
{
    // After authorisation, so a caller without the right token learns nothing more.
    if (request.body.size() > kMaxBodyBytes)
        return ready(ApiResponse::error(
            ErrorCode::PayloadTooLarge,
            QStringLiteral("The request body is larger than %1 bytes.").arg(kMaxBodyBytes)));
    if (const QString repeated = repeatedParameter(request.query); !repeated.isNull())
        return ready(
            ApiResponse::error(ErrorCode::InvalidField,
                               QStringLiteral("The query parameter '%1' is given more than once.")
                                   .arg(echoed(repeated)),
                               QJsonObject{{QStringLiteral("field"), echoed(repeated)}}));
    if (m_options.admission && route.rateClass != RateClass::None) {
        if (auto refused = m_options.admission->admit(request, route.rateClass))
            return ready(ApiResponse::error(*refused));
    }
    return route.handler(request);
}

QFuture<ApiResponse> Router::dispatch(ApiRequest request) const
{
    QStringList segments;
    if (!splitPath(request.path, &segments))
        return ready(ApiResponse::error(
            ErrorCode::BadRequest, QStringLiteral("The path is not valid percent-encoded UTF-8.")));
    if (m_options.admission) {
        const auto refused = m_options.admission->beforeRouting(request);
        request.trace->clientAddress = request.clientAddress;
        if (refused)
            return ready(ApiResponse::error(*refused));
    } else {
        request.trace->clientAddress = request.clientAddress;
    }
    QList<QString> allowed;
    for (const Route &route : m_routes) {
        QStringList arguments;
        if (!matches(route, segments, &arguments))
            continue;
        // HEAD is GET without the body; the server drops the body when writing.
        const bool headAsGet = request.method == QHttpServerRequest::Method::Head &&
                               route.method == QHttpServerRequest::Method::Get;
        if (route.method != request.method && !headAsGet) {
            allowed << methodName(route.method);
            continue;
        }
        request.pathArguments = arguments;
        request.trace->route = route.pattern;
        if (route.access == Access::Public)
            return admitAndRun(route, std::move(request));

        const auto decide = [this, route](ApiRequest request, const Result<Principal> &resolved) {
            Principal principal;
            if (auto refused = refusal(route, resolved, &principal)) {
                if (m_options.admission && refused->code == ErrorCode::Unauthorized &&
                    refused->details.value(QStringLiteral("reason")) != QLatin1String("missing"))
                    m_options.admission->noteRefusedCredential(request);
                return ready(ApiResponse::error(*refused));
            }
            request.principal = principal;
            request.actor = principal.actor();
            request.trace->actor = request.actor;
            return admitAndRun(route, std::move(request));
        };
        QFuture<Result<Principal>> resolving =
            m_options.authenticator->authenticate(request.authorization, request.abandoned);
        // A cached token answers at once: no hop through the event loop.
        if (resolving.isFinished())
            return decide(std::move(request), resolving.result());
        return resolving
            .then(m_context.get(),
                  [decide, request](const Result<Principal> &resolved) mutable {
                      return decide(std::move(request), resolved);
                  })
            .unwrap()
            // Every request gets an answer, even one whose token lookup broke.
            .onFailed(m_context.get(),
                      [] {
                          return ApiResponse::error(
                              ErrorCode::DatabaseUnavailable,
                              QStringLiteral("The credential could not be checked; try again."));
                      })
            .onCanceled(m_context.get(), [] {
                return ApiResponse::error(
                    ErrorCode::DatabaseUnavailable,
                    QStringLiteral("The credential could not be checked; try again."));
            });
    }
    if (!allowed.isEmpty()) {
        ApiResponse response =
            ApiResponse::error(ErrorCode::MethodNotAllowed,
                               QStringLiteral("%1 is not allowed on %2.")
                                   .arg(methodName(request.method), echoed(request.path)));
        response.headers.append(qMakePair(QByteArray("Allow"), allowed.join(", ").toLatin1()));
        return ready(response);
    }
    return ready(ApiResponse::error(
        ErrorCode::NotFound, QStringLiteral("There is nothing at %1.").arg(echoed(request.path))));
}
