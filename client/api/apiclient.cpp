#include "apiclient.h"

#include "apierror.h"
#include "auditresponsedecoder.h"
#include "clientlogging.h"
#include "flagresponsedecoder.h"
#include "jsontext.h"
#include "responsedecoder.h"
#include "seatmapdecoder.h"
#include "serverclock.h"
#include "timestamps.h"
#include "tlstrust.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

namespace {
constexpr auto kJsonType = "application/json";

QString statusList(const QList<Booking::Status> &statuses)
{
    QStringList names;
    for (Booking::Status status : statuses)
        names << Booking::statusName(status);
    return names.join(QLatin1Char(','));
}

QString pathId(qint64 id)
{
    return QString::number(id);
}

// Keys may hold ':' ("ai:model"); the server takes it percent-encoded too.
QString flagPath(const QString &key)
{
    return QStringLiteral("/admin/flags/") + QString::fromLatin1(QUrl::toPercentEncoding(key));
}

QByteArray ifMatch(std::optional<qint64> version)
{
    return version ? '"' + QByteArray::number(*version) + '"' : QByteArray();
}

ApiError::Kind transportKind(QNetworkReply::NetworkError error)
{
    // setTransferTimeout() aborts the reply, which Qt reports as "operation canceled";
    // the client cancels nothing itself, so that code means our timeout fired.
    if (error == QNetworkReply::OperationCanceledError || error == QNetworkReply::TimeoutError)
        return ApiError::Kind::Timeout;
    return ApiError::Kind::Unreachable;
}
} // namespace

QByteArray ApiClient::Answer::header(const QByteArray &name) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

ApiClient::ApiClient(QObject *parent)
    : QObject(parent), m_network(new QNetworkAccessManager(this)), m_clock(new ServerClock(this)),
      m_tls(new TlsTrust(this)), m_baseUrl(QStringLiteral("http://localhost:3000"))
{
}

ApiClient::~ApiClient() = default;

void ApiClient::setBaseUrl(const QUrl &url)
{
    if (url == m_baseUrl)
        return;
    m_baseUrl = url;
    m_clock->reset();
    // Connections kept alive to the old server must not answer for the new one.
    m_network->clearConnectionCache();
    emit connectionChanged();
}

QString ApiClient::fingerprint(const QSslCertificate &certificate)
{
    return TlsTrust::fingerprint(certificate);
}

QByteArray ApiClient::pinnedCertificate() const
{
    return m_tls->pin();
}

void ApiClient::setPinnedCertificate(const QByteArray &sha256Digest)
{
    m_tls->setPin(sha256Digest);
    // A connection kept alive was accepted under the old rule.
    m_network->clearConnectionCache();
    emit connectionChanged();
}

void ApiClient::send(const Request &request, QObject *context, AnswerHandler handler)
{
    QUrl url(m_baseUrl.toString(QUrl::StripTrailingSlash) + request.path);
    url.setQuery(request.query);
    QNetworkRequest networkRequest(url);
    networkRequest.setTransferTimeout(m_timeoutMs);
    networkRequest.setRawHeader("Accept", kJsonType);
    // Every call carries the token: booking and look-ups need a staff role too.
    if (!m_token.isEmpty() && !request.anonymous)
        networkRequest.setRawHeader("Authorization", "Bearer " + m_token);
    if (!request.idempotencyKey.isEmpty())
        networkRequest.setRawHeader("Idempotency-Key", request.idempotencyKey);
    if (!request.ifMatch.isEmpty())
        networkRequest.setRawHeader("If-Match", request.ifMatch);

    QByteArray payload;
    if (request.body) {
        networkRequest.setHeader(QNetworkRequest::ContentTypeHeader, kJsonType);
        payload = JsonText::toBytes(*request.body);
    }

    const qint64 sentMs = m_clock->localNowMs();
    QNetworkReply *reply = nullptr;
    if (request.verb == "GET")
        reply = m_network->get(networkRequest);
    else if (request.verb == "POST")
        reply = m_network->post(networkRequest, payload);
    else
        reply = m_network->sendCustomRequest(networkRequest, request.verb, payload);
    m_tls->watch(reply); // certificate checks, for https:// only
    ++m_pending;
    qCDebug(lcApi) << request.verb << url.toString();

    const QPointer<QObject> guard(context);
    const bool hadContext = context != nullptr;
    connect(reply, &QNetworkReply::finished, this,
            [=, this] { finish(reply, sentMs, guard, hadContext, handler); });
}

void ApiClient::finish(QNetworkReply *reply, qint64 sentMs, const QPointer<QObject> &context,
                       bool hadContext, const AnswerHandler &handler)
{
    reply->deleteLater();
    --m_pending;
    const qint64 receivedMs = m_clock->localNowMs();
    const QVariant statusAttribute = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);

    Result<Answer> result = [&]() -> Result<Answer> {
        // Errors below 100 are transport failures; a status attribute alongside one means
        // the connection broke mid-answer, which is no more an answer than no reply at all.
        const bool transportFailure = reply->error() > QNetworkReply::NoError &&
                                      reply->error() < QNetworkReply::ContentAccessDenied;
        if (std::optional<DomainError> refused = TlsTrust::refusal(reply))
            return *refused;
        if (!statusAttribute.isValid() || transportFailure) {
            const auto kind = transportKind(reply->error());
            qCInfo(lcApi) << reply->request().url().path() << "failed:" << reply->errorString();
            return ApiError::make(kind, reply->errorString());
        }
        Answer answer;
        answer.status = statusAttribute.toInt();
        answer.headers = reply->rawHeaderPairs();
        answer.body = reply->readAll();
        return answer;
    }();

    if (result) {
        const QByteArray date = result->header("Date");
        if (!date.isEmpty())
            m_clock->addSample(sentMs, receivedMs,
                               Timestamps::parseHttpDate(QString::fromLatin1(date)));
        emit serverAnswered(result->status);
        // Only a refusal of the token in use now: a late 401 for a token replaced since
        // (a new login) says nothing about the current session.
        if (result->status == 401 && !m_token.isEmpty() &&
            reply->request().rawHeader("Authorization") == "Bearer " + m_token) {
            const DomainError refused = ResponseDecoder::error(401, result->body);
            if (refused.code == ErrorCode::Unauthorized)
                emit sessionRefused(refused.details.value(QStringLiteral("reason")).toString());
        }
    } else {
        emit serverUnreachable(result.error());
    }

    if (hadContext && !context)
        return;
    handler(result);
}

template <typename T, typename Decode>
void ApiClient::call(const Request &request, QObject *context, Callback<T> done, Decode decode)
{
    send(request, context, [done = std::move(done), decode](const Result<Answer> &answer) {
        if (!answer) {
            done(answer.error());
        } else if (answer->status >= 400) {
            done(ResponseDecoder::error(answer->status, answer->body));
        } else if (answer->status < 200 || answer->status >= 300) {
            done(ApiError::make(ApiError::Kind::BadResponse,
                                QStringLiteral("unexpected HTTP %1").arg(answer->status),
                                answer->status));
        } else {
            done(decode(*answer));
        }
    });
}

void ApiClient::sendJson(const QByteArray &verb, const QString &path, const QUrlQuery &query,
                         const std::optional<QJsonValue> &body, bool anonymous, QObject *context,
                         Callback<QJsonValue> done)
{
    Request request{verb, path, query, body};
    request.anonymous = anonymous;
    sendJsonRequest(request, context, std::move(done));
}

void ApiClient::sendJsonOnce(const QByteArray &verb, const QString &path, const QJsonValue &body,
                             const QByteArray &idempotencyKey, QObject *context,
                             Callback<QJsonValue> done)
{
    Request request{verb, path, {}, body};
    request.idempotencyKey = idempotencyKey;
    sendJsonRequest(request, context, std::move(done));
}

void ApiClient::sendJsonRequest(const Request &request, QObject *context, Callback<QJsonValue> done)
{
    call<QJsonValue>(request, context, std::move(done), [](const Answer &a) -> Result<QJsonValue> {
        if (a.body.trimmed().isEmpty())
            return QJsonValue();
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(a.body, &parseError);
        if (parseError.error != QJsonParseError::NoError)
            return ApiError::make(
                ApiError::Kind::BadResponse,
                QStringLiteral("malformed JSON (%1)").arg(parseError.errorString()), a.status);
        return document.isArray() ? QJsonValue(document.array()) : QJsonValue(document.object());
    });
}

void ApiClient::health(QObject *context, Callback<HealthStatus> done)
{
    call<HealthStatus>({"GET", QStringLiteral("/health")}, context, std::move(done),
                       [](const Answer &a) { return ResponseDecoder::health(a.body); });
}

void ApiClient::fetchConfig(QObject *context, Callback<ServerConfig> done)
{
    call<ServerConfig>({"GET", QStringLiteral("/config")}, context, std::move(done),
                       [](const Answer &a) { return ResponseDecoder::config(a.body); });
}

void ApiClient::fetchShows(QObject *context, Callback<QList<Show>> done)
{
    call<QList<Show>>({"GET", QStringLiteral("/shows")}, context, std::move(done),
                      [](const Answer &a) { return ResponseDecoder::shows(a.body); });
}

void ApiClient::fetchShow(qint64 showId, QObject *context, Callback<Show> done)
{
    call<Show>({"GET", QStringLiteral("/shows/") + pathId(showId)}, context, std::move(done),
               [](const Answer &a) { return ResponseDecoder::show(a.body); });
}

void ApiClient::createShow(const ShowDraft &draft, QObject *context, Callback<Show> done)
{
    Request request{"POST", QStringLiteral("/admin/shows")};
    request.admin = true;
    request.body = QJsonObject{
        {QStringLiteral("name"), draft.name},
        {QStringLiteral("start_time"), Timestamps::toIsoUtc(draft.startTime)},
        {QStringLiteral("total_seats"), draft.totalSeats},
    };
    call<Show>(request, context, std::move(done),
               [](const Answer &a) { return ResponseDecoder::show(a.body); });
}

void ApiClient::updateShow(qint64 showId, const ShowChanges &changes, QObject *context,
                           Callback<Show> done)
{
    QJsonObject body;
    if (changes.name)
        body.insert(QStringLiteral("name"), *changes.name);
    if (changes.startTime)
        body.insert(QStringLiteral("start_time"), Timestamps::toIsoUtc(*changes.startTime));
    if (changes.totalSeats)
        body.insert(QStringLiteral("total_seats"), *changes.totalSeats);
    Request request{"PATCH", QStringLiteral("/admin/shows/") + pathId(showId)};
    request.admin = true;
    request.body = body;
    call<Show>(request, context, std::move(done),
               [](const Answer &a) { return ResponseDecoder::show(a.body); });
}

void ApiClient::cancelShow(qint64 showId, QObject *context, Callback<ShowCancellation> done)
{
    Request request{"DELETE", QStringLiteral("/admin/shows/") + pathId(showId)};
    request.admin = true;
    call<ShowCancellation>(request, context, std::move(done), [](const Answer &a) {
        return ResponseDecoder::showCancellation(a.body);
    });
}

void ApiClient::fetchShowBookings(qint64 showId, const BookingQuery &query, QObject *context,
                                  Callback<BookingPage> done)
{
    Request request{"GET", QStringLiteral("/admin/shows/%1/bookings").arg(showId)};
    request.admin = true;
    if (!query.statuses.isEmpty())
        request.query.addQueryItem(QStringLiteral("status"), statusList(query.statuses));
    request.query.addQueryItem(QStringLiteral("limit"), QString::number(query.limit));
    request.query.addQueryItem(QStringLiteral("offset"), QString::number(query.offset));
    call<BookingPage>(request, context, std::move(done),
                      [](const Answer &a) -> Result<BookingPage> {
                          auto bookings = ResponseDecoder::bookings(a.body);
                          if (!bookings)
                              return bookings.error();
                          bool counted = false;
                          const int total = a.header("X-Total-Count").toInt(&counted);
                          return BookingPage{*bookings, counted ? total : int(bookings->size())};
                      });
}

void ApiClient::holdSeats(qint64 showId, const QString &userName, int seats,
                          const QString &idempotencyKey, QObject *context, Callback<Booking> done)
{
    holdSeats(showId, userName, Api::SeatChoice::bestAvailable(seats), idempotencyKey, context,
              std::move(done));
}

void ApiClient::holdSeats(qint64 showId, const QString &userName, const Api::SeatChoice &choice,
                          const QString &idempotencyKey, QObject *context, Callback<Booking> done)
{
    Request request{"POST", QStringLiteral("/shows/%1/book").arg(showId)};
    QJsonObject body{{QStringLiteral("user_name"), userName}};
    if (choice.isPicked())
        body.insert(QStringLiteral("seat_ids"), QJsonArray::fromStringList(choice.labels));
    else
        body.insert(QStringLiteral("seats"), choice.count);
    // Only when asked: a general-admission body stays exactly what it always was.
    if (choice.accessible)
        body.insert(QStringLiteral("accessible"), true);
    request.body = body;
    request.idempotencyKey = idempotencyKey.toUtf8();
    call<Booking>(request, context, std::move(done),
                  [](const Answer &a) { return ResponseDecoder::booking(a.body); });
}

void ApiClient::fetchBooking(qint64 bookingId, QObject *context, Callback<Booking> done)
{
    call<Booking>({"GET", QStringLiteral("/bookings/") + pathId(bookingId)}, context,
                  std::move(done),
                  [](const Answer &a) { return ResponseDecoder::booking(a.body); });
}

void ApiClient::findBooking(const QString &reference, QObject *context, Callback<Booking> done)
{
    const QString encoded = QString::fromLatin1(QUrl::toPercentEncoding(reference.trimmed()));
    call<Booking>({"GET", QStringLiteral("/bookings/by-reference/") + encoded}, context,
                  std::move(done),
                  [](const Answer &a) { return ResponseDecoder::booking(a.body); });
}

void ApiClient::confirmBooking(qint64 bookingId, QObject *context, Callback<Booking> done)
{
    call<Booking>({"POST", QStringLiteral("/bookings/%1/confirm").arg(bookingId)}, context,
                  std::move(done),
                  [](const Answer &a) { return ResponseDecoder::booking(a.body); });
}

void ApiClient::cancelBooking(qint64 bookingId, QObject *context, Callback<Booking> done)
{
    call<Booking>({"POST", QStringLiteral("/bookings/%1/cancel").arg(bookingId)}, context,
                  std::move(done),
                  [](const Answer &a) { return ResponseDecoder::booking(a.body); });
}

void ApiClient::fetchSeatMap(qint64 showId, QObject *context, Callback<Api::SeatMap> done)
{
    call<Api::SeatMap>({"GET", QStringLiteral("/shows/%1/seats").arg(showId)}, context,
                       std::move(done),
                       [](const Answer &a) { return SeatMapDecoder::seatMap(a.body); });
}

void ApiClient::setSeatBlocks(qint64 showId, const QStringList &block, const QStringList &unblock,
                              QObject *context, Callback<Api::SeatBlocksResult> done)
{
    Request request{"PATCH", QStringLiteral("/admin/shows/%1/seats").arg(showId)};
    request.admin = true;
    QJsonObject body;
    if (!block.isEmpty())
        body.insert(QStringLiteral("block"), QJsonArray::fromStringList(block));
    if (!unblock.isEmpty())
        body.insert(QStringLiteral("unblock"), QJsonArray::fromStringList(unblock));
    request.body = body;
    call<Api::SeatBlocksResult>(request, context, std::move(done),
                                [](const Answer &a) { return SeatMapDecoder::seatBlocks(a.body); });
}

void ApiClient::createPlan(const QJsonObject &plan, QObject *context,
                           Callback<Api::PlanSummary> done)
{
    Request request{"POST", QStringLiteral("/admin/plans")};
    request.admin = true;
    request.body = plan;
    call<Api::PlanSummary>(request, context, std::move(done),
                           [](const Answer &a) { return SeatMapDecoder::createdPlan(a.body); });
}

void ApiClient::listPlans(QObject *context, Callback<QList<Api::PlanSummary>> done)
{
    Request request{"GET", QStringLiteral("/admin/plans")};
    request.admin = true;
    call<QList<Api::PlanSummary>>(
        request, context, std::move(done),
        [](const Answer &a) { return SeatMapDecoder::planSummaries(a.body); });
}

void ApiClient::fetchFlags(QObject *context, Callback<QList<Api::FeatureFlag>> done)
{
    Request request{"GET", QStringLiteral("/admin/flags")};
    request.admin = true;
    call<QList<Api::FeatureFlag>>(request, context, std::move(done), [](const Answer &a) {
        return FlagResponseDecoder::flags(a.body);
    });
}

void ApiClient::fetchFlag(const QString &key, QObject *context, Callback<Api::FeatureFlag> done)
{
    Request request{"GET", flagPath(key)};
    request.admin = true;
    call<Api::FeatureFlag>(request, context, std::move(done),
                           [](const Answer &a) { return FlagResponseDecoder::flag(a.body); });
}

void ApiClient::putFlag(const QString &key, const QJsonValue &value,
                        std::optional<qint64> expectedVersion, QObject *context,
                        Callback<Api::FeatureFlag> done)
{
    Request request{"PUT", flagPath(key)};
    request.admin = true;
    request.body = value;
    request.ifMatch = ifMatch(expectedVersion);
    call<Api::FeatureFlag>(request, context, std::move(done),
                           [](const Answer &a) { return FlagResponseDecoder::flag(a.body); });
}

void ApiClient::deleteFlag(const QString &key, std::optional<qint64> expectedVersion,
                           QObject *context, Callback<Api::FeatureFlag> done)
{
    Request request{"DELETE", flagPath(key)};
    request.admin = true;
    request.ifMatch = ifMatch(expectedVersion);
    call<Api::FeatureFlag>(request, context, std::move(done),
                           [](const Answer &a) { return FlagResponseDecoder::flag(a.body); });
}

void ApiClient::fetchFlagHistory(const QString &key, int limit, int offset, QObject *context,
                                 Callback<Api::FlagHistoryPage> done)
{
    Request request{"GET", flagPath(key) + QStringLiteral("/history")};
    request.admin = true;
    request.query.addQueryItem(QStringLiteral("limit"), QString::number(limit));
    request.query.addQueryItem(QStringLiteral("offset"), QString::number(offset));
    call<Api::FlagHistoryPage>(
        request, context, std::move(done), [](const Answer &a) -> Result<Api::FlagHistoryPage> {
            auto changes = FlagResponseDecoder::history(a.body);
            if (!changes)
                return changes.error();
            bool counted = false;
            const int total = a.header("X-Total-Count").toInt(&counted);
            return Api::FlagHistoryPage{*changes, counted ? total : int(changes->size())};
        });
}

void ApiClient::previewFlag(const QString &key, const QStringList &subjects,
                            const std::optional<QJsonValue> &draft, QObject *context,
                            Callback<Api::FlagPreview> done)
{
    Request request{"POST", flagPath(key) + QStringLiteral("/preview")};
    request.admin = true;
    QJsonObject body{{QStringLiteral("subjects"), QJsonArray::fromStringList(subjects)}};
    if (draft)
        body.insert(QStringLiteral("value"), *draft);
    request.body = body;
    call<Api::FlagPreview>(request, context, std::move(done),
                           [](const Answer &a) { return FlagResponseDecoder::preview(a.body); });
}

void ApiClient::evaluateFlags(const QString &subject, QObject *context, Callback<QJsonObject> done)
{
    Request request{"GET", QStringLiteral("/flags/evaluate")};
    request.query.addQueryItem(QStringLiteral("subject"), subject);
    call<QJsonObject>(request, context, std::move(done),
                      [](const Answer &a) { return FlagResponseDecoder::evaluation(a.body); });
}

void ApiClient::audit(const Api::AuditFilter &filter, const QString &cursor, QObject *context,
                      Callback<Api::AuditPage> done)
{
    Request request{"GET", QStringLiteral("/admin/audit")};
    request.admin = true;
    const auto add = [&request](const char *name, const QString &value) {
        if (!value.isEmpty())
            request.query.addQueryItem(QLatin1String(name),
                                       QString::fromLatin1(QUrl::toPercentEncoding(value)));
    };
    add("actor", filter.actor);
    add("action", filter.action);
    add("target", filter.target);
    add("since", filter.since.isValid() ? Timestamps::toIsoUtc(filter.since) : QString());
    add("until", filter.until.isValid() ? Timestamps::toIsoUtc(filter.until) : QString());
    add("limit", QString::number(filter.limit));
    add("cursor", cursor);
    call<Api::AuditPage>(request, context, std::move(done),
                         [](const Answer &a) { return AuditResponseDecoder::page(a.body); });
}
