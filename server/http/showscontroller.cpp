#include "showscontroller.h"

#include "booking/bookingrepository.h"
#include "booking/showrepository.h"
#include "dbexecutor.h"
#include "requestparsing.h"
#include "router.h"

#include <QCryptographicHash>

namespace {
constexpr int kMaxIdempotencyKeyLength = 200;

QJsonArray toJsonArray(const QList<Show> &shows)
{
    QJsonArray array;
    for (const Show &show : shows)
        array.append(show.toJson());
    return array;
}

// What an Idempotency-Key stands for: the same key with another fingerprint is refused.
QString requestFingerprint(qint64 showId, const QString &userName, int seats)
{
    const QByteArray canonical =
        QByteArray::number(showId) + '\n' + userName.toUtf8() + '\n' + QByteArray::number(seats);
    return QString::fromLatin1(
        QCryptographicHash::hash(canonical, QCryptographicHash::Sha256).toHex());
}

QFuture<ApiResponse> ready(const DomainError &error)
{
    return QtFuture::makeReadyFuture(ApiResponse::error(error));
}
} // namespace

void ShowsController::registerRoutes(Router &router)
{
    using Method = QHttpServerRequest::Method;

    router.add(Method::Get, QStringLiteral("/shows"), Router::Access::Public,
               [this](const ApiRequest &) {
                   return m_executor.run([](DatabaseSession &session) {
                       const auto shows = ShowRepository(session).list();
                       return shows ? ApiResponse::json(200, toJsonArray(*shows))
                                    : ApiResponse::error(shows.error());
                   });
               });

    router.add(Method::Get, QStringLiteral("/shows/:id"), Router::Access::Public,
               [this](const ApiRequest &request) {
                   const auto id = RequestParsing::id(request.pathArguments.at(0));
                   if (!id)
                       return ready(id.error());
                   return m_executor.run([id = *id](DatabaseSession &session) {
                       const auto show = ShowRepository(session).find(id);
                       return show ? ApiResponse::json(200, show->toJson())
                                   : ApiResponse::error(show.error());
                   });
               });

    router.add(
        Method::Post, QStringLiteral("/shows/:id/book"), Router::Access::Public,
        [this](const ApiRequest &request) {
            const auto showId = RequestParsing::id(request.pathArguments.at(0));
            if (!showId)
                return ready(showId.error());
            const auto body = RequestParsing::jsonObject(request, false);
            if (!body)
                return ready(body.error());
            JsonFieldReader fields(*body);
            const auto userName = fields.text(QStringLiteral("user_name"), 1, 200, true);
            const auto seats =
                fields.integer(QStringLiteral("seats"), 1, m_limits.maxSeatsPerBooking, true);
            if (!fields.ok())
                return ready(fields.error());
            const QString key = QString::fromUtf8(request.idempotencyKey).trimmed();
            // Visible ASCII only: keys are opaque tokens (UUIDs and the like), and
            // a NUL or control byte would not survive the trip into SQL.
            const bool visibleAscii = std::all_of(key.begin(), key.end(), [](QChar c) {
                return c.unicode() >= 0x21 && c.unicode() <= 0x7e;
            });
            if (!visibleAscii)
                return ready(
                    {ErrorCode::InvalidField,
                     QStringLiteral("Idempotency-Key may only contain visible ASCII characters."),
                     {{QStringLiteral("field"), QStringLiteral("Idempotency-Key")}}});
            if (key.size() > kMaxIdempotencyKeyLength)
                return ready({ErrorCode::OutOfRange,
                              QStringLiteral("Idempotency-Key may be at most %1 characters.")
                                  .arg(kMaxIdempotencyKeyLength),
                              {{QStringLiteral("field"), QStringLiteral("Idempotency-Key")}}});

            BookingRepository::BookRequest book;
            book.showId = *showId;
            book.userName = *userName;
            book.seats = *seats;
            book.holdSeconds = m_limits.holdSeconds;
            if (!key.isEmpty()) {
                book.idempotencyKey = key;
                book.requestHash = requestFingerprint(*showId, *userName, *seats);
            }
            return m_executor.run([book](DatabaseSession &session) {
                const auto result = BookingRepository(session).book(book);
                if (!result)
                    return ApiResponse::error(result.error());
                ApiResponse response = ApiResponse::json(201, result->booking.toJson());
                if (result->replayed)
                    response.headers.append(
                        qMakePair(QByteArray("Idempotent-Replayed"), QByteArray("true")));
                return response;
            });
        });
}
