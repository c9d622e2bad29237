#pragma once

#include "apitypes.h"
#include "audittypes.h"
#include "flagtypes.h"
#include "result.h"
#include "seatmaptypes.h"

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSslCertificate>
#include <QUrl>
#include <QUrlQuery>

#include <functional>
#include <optional>

class QNetworkAccessManager;
class QNetworkReply;
class ServerClock;
class TlsTrust;

// Typed asynchronous client of the Box Office REST API.
//
// Every call returns at once; its callback later receives a Result<T> with a
// domain value or a DomainError (see ApiError for transport failures). The
// callback runs only while `context` is alive, like a QObject::connect with a
// context, so a closed dialog never receives an answer. Each answer with a Date
// header also feeds the ServerClock. Lives in the GUI thread.
class ApiClient : public QObject
{
    Q_OBJECT
public:
    template <typename T> using Callback = std::function<void(const Result<T> &)>;

    explicit ApiClient(QObject *parent = nullptr);
    ~ApiClient() override;

    void setBaseUrl(const QUrl &url);
    QUrl baseUrl() const { return m_baseUrl; }
    void setToken(const QByteArray &token)
    {
        if (token == m_token)
            return;
        m_token = token;
        emit connectionChanged();
    }
    bool hasToken() const { return !m_token.isEmpty(); }
    // For the live-push feed, which opens its own connection with the same credential.
    QByteArray token() const { return m_token; }
    // TLS: without a pin, https:// servers must present a certificate the system
    // trusts (and that names the host). With one, exactly the certificate whose
    // SHA-256 digest (32 bytes; QByteArray::fromHex() of a fingerprint gives it,
    // colons and all) this is, is trusted, whatever its chain or name say, and
    // no other, however well signed. An empty digest removes the pin. A refused
    // certificate fails the call with ApiError::Kind::Tls, details["transport"]
    // "tls" and details["certificate_sha256"] its fingerprint, to offer a pin.
    void setPinnedCertificate(const QByteArray &sha256Digest);
    QByteArray pinnedCertificate() const;
    // "AB:CD:...": the SHA-256 digest in hex pairs joined by ':', as openssl
    // x509 -fingerprint -sha256 prints it.
    static QString fingerprint(const QSslCertificate &certificate);

    void setTimeout(int milliseconds) { m_timeoutMs = milliseconds; }
    int timeout() const { return m_timeoutMs; }

    ServerClock *clock() const { return m_clock; }
    // The certificate rule of this client, for connections it does not make itself
    // (the live-push WebSocket), so that they trust exactly what it trusts.
    TlsTrust *tlsTrust() const { return m_tls; }

    void health(QObject *context, Callback<HealthStatus> done);
    // GET /config; an older server answers 404 not_found (see ServerConfigLoader).
    void fetchConfig(QObject *context, Callback<ServerConfig> done);

    void fetchShows(QObject *context, Callback<QList<Show>> done);
    void fetchShow(qint64 showId, QObject *context, Callback<Show> done);
    void createShow(const ShowDraft &draft, QObject *context, Callback<Show> done);
    void updateShow(qint64 showId, const ShowChanges &changes, QObject *context,
                    Callback<Show> done);
    void cancelShow(qint64 showId, QObject *context, Callback<ShowCancellation> done);
    void fetchShowBookings(qint64 showId, const BookingQuery &query, QObject *context,
                           Callback<BookingPage> done);

    // idempotencyKey: reuse the same key when retrying the same Hold press so a
    // lost answer never holds seats twice.
    void holdSeats(qint64 showId, const QString &userName, int seats, const QString &idempotencyKey,
                   QObject *context, Callback<Booking> done);
    // A seated show (issue 17): these seats ({"seat_ids": labels}) or the best
    // available ({"seats": n}, "accessible" only when asked). A count alone sends
    // what the call above sends. A picked seat someone else has: seats_taken, with
    // ApiError::seatLabels() naming it; no block for best-available: not_enough_seats.
    void holdSeats(qint64 showId, const QString &userName, const Api::SeatChoice &choice,
                   const QString &idempotencyKey, QObject *context, Callback<Booking> done);
    void fetchBooking(qint64 bookingId, QObject *context, Callback<Booking> done);
    void findBooking(const QString &reference, QObject *context, Callback<Booking> done);
    void confirmBooking(qint64 bookingId, QObject *context, Callback<Booking> done);
    void cancelBooking(qint64 bookingId, QObject *context, Callback<Booking> done);

    // GET /shows/:id/seats (public): every seat of a seated show with its state.
    void fetchSeatMap(qint64 showId, QObject *context, Callback<Api::SeatMap> done);
    // PATCH /admin/shows/:id/seats (admin): all or nothing; a held or sold seat in
    // `block` refuses the whole change with seats_taken.
    void setSeatBlocks(qint64 showId, const QStringList &block, const QStringList &unblock,
                       QObject *context, Callback<Api::SeatBlocksResult> done);

    // POST /admin/plans (admin): `plan` as docs/seating.md describes it; a field
    // the server refuses is 400 invalid_field with details["field"] naming it.
    void createPlan(const QJsonObject &plan, QObject *context, Callback<Api::PlanSummary> done);
    // GET /admin/plans (admin): every stored plan.
    void listPlans(QObject *context, Callback<QList<Api::PlanSummary>> done);

    // Feature flags (admin). `expectedVersion` sends If-Match "<version>": the change
    // is made only if the flag still has that version, else 412 version_conflict.
    void fetchFlags(QObject *context, Callback<QList<Api::FeatureFlag>> done);
    void fetchFlag(const QString &key, QObject *context, Callback<Api::FeatureFlag> done);
    void putFlag(const QString &key, const QJsonValue &value, std::optional<qint64> expectedVersion,
                 QObject *context, Callback<Api::FeatureFlag> done);
    void deleteFlag(const QString &key, std::optional<qint64> expectedVersion, QObject *context,
                    Callback<Api::FeatureFlag> done);
    void fetchFlagHistory(const QString &key, int limit, int offset, QObject *context,
                          Callback<Api::FlagHistoryPage> done);
    // Where `subjects` land under the flag's effective value, or under `draft` (not stored).
    void previewFlag(const QString &key, const QStringList &subjects,
                     const std::optional<QJsonValue> &draft, QObject *context,
                     Callback<Api::FlagPreview> done);
    // GET /flags/evaluate (public): every flag's value for one subject.
    void evaluateFlags(const QString &subject, QObject *context, Callback<QJsonObject> done);

    // GET /admin/audit (admin): one page of the audit log, newest first; pass
    // the previous page's nextCursor for the next one (empty: the first page).
    void audit(const Api::AuditFilter &filter, const QString &cursor, QObject *context,
               Callback<Api::AuditPage> done);
    // Calls the typed methods above do not cover (login, users, API tokens; see
    // StaffApi): `done` gets the answer's JSON (Null for an empty body) or the error.
    // `anonymous` sends no token (POST /auth/login with credentials of its own).
    void sendJson(const QByteArray &verb, const QString &path, const QUrlQuery &query,
                  const std::optional<QJsonValue> &body, bool anonymous, QObject *context,
                  Callback<QJsonValue> done);

    // The same with an Idempotency-Key (a sale retried after a lost answer).
    void sendJsonOnce(const QByteArray &verb, const QString &path, const QJsonValue &body,
                      const QByteArray &idempotencyKey, QObject *context,
                      Callback<QJsonValue> done);

    // Answers still outstanding; tests use it to know the client is idle.
    int pendingRequests() const { return m_pending; }

signals:
    // The server URL, the token or the pinned certificate changed: a connection
    // kept open (live push) must be made again.
    void connectionChanged();
    // Any HTTP answer arrived (even an error status): the server is reachable.
    void serverAnswered(int httpStatus);
    // A request got no HTTP answer at all.
    void serverUnreachable(const DomainError &error);
    // A request that carried the current token got 401 unauthorized: that session
    // or token is no longer accepted (details.reason: expired, revoked, unknown...).
    void sessionRefused(const QString &reason);

private:
    struct Answer
    {
        int status = 0;
        QByteArray body;
        QList<QPair<QByteArray, QByteArray>> headers;
        QByteArray header(const QByteArray &name) const;
    };
    using AnswerHandler = std::function<void(const Result<Answer> &)>;

    struct Request
    {
        QByteArray verb;
        QString path;
        QUrlQuery query;
        std::optional<QJsonValue> body; // a flag value may be a bare number or string
        bool admin = false;
        bool anonymous = false; // no Authorization header
        QByteArray idempotencyKey;
        QByteArray ifMatch;
    };

    void send(const Request &request, QObject *context, AnswerHandler handler);
    void sendJsonRequest(const Request &request, QObject *context, Callback<QJsonValue> done);
    void finish(QNetworkReply *reply, qint64 sentMs, const QPointer<QObject> &context,
                bool hadContext, const AnswerHandler &handler);

    // Sends `request` and decodes a successful body with `decode`.
    template <typename T, typename Decode>
    void call(const Request &request, QObject *context, Callback<T> done, Decode decode);

    QNetworkAccessManager *m_network;
    ServerClock *m_clock;
    TlsTrust *m_tls; // the certificate rule: system store or pin
    QUrl m_baseUrl;
    QByteArray m_token;
    int m_timeoutMs = 10000;
    int m_pending = 0;
};
