#pragma once

#include "apilimits.h"
#include "apirequest.h"
#include "apiresponse.h"
#include "auth/publicbooking.h"
#include "requestadmission.h"

#include <QFuture>
#include <QList>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>

class Authenticator;
class QObject;

// Maps method + path pattern ("/shows/:id/book") to a handler, and is the one
// place that decides who may call what: every route names its Access and
// RateClass here, and the Router resolves the bearer token (Authenticator),
// answers 401/403, and runs the RequestAdmission checks (Host, CSRF, rate
// limits) before any handler or database work. Unknown paths get 404, known
// paths with the wrong method 405 with an Allow header, oversized bodies 413.
// Paths are split on '/' first and each segment percent-decoded after, so an
// encoded "%2F" never splits a segment; empty segments are ignored.
class Router
{
public:
    using Handler = std::function<QFuture<ApiResponse>(const ApiRequest &)>;
    enum class Access
    {
        Public,        // anyone; no credential is looked at
        Authenticated, // any staff credential: admin, clerk or shop (login session or API token)
        Booking,       // admin, clerk, shop; anonymous too when public booking is on
        // One booking: admin and clerk; shop and booking holder (own booking,
        // checked by the service); anonymous only with PublicBooking::Open.
        BookingRecord,
        Admin, // admin only
        // Anyone; a credential, if sent, is resolved (a bad one refused) and
        // decides what the caller may hear of (live push).
        Subscriber,
        // Staff who keep a till (issue 18): admin and clerk; not a shop, whose
        // money is online and in no shift.
        Till,
    };
    struct Options
    {
        // Required; resolves bearer tokens. Must outlive the Router.
        const Authenticator *authenticator = nullptr;
        // Optional (nullptr = no Host/CSRF/rate checks). Must outlive the Router.
        const RequestAdmission *admission = nullptr;
        PublicBooking publicBooking = PublicBooking::Off;
    };
    // What the table holds for one route, for GET /admin/routes and the tests
    // that walk every endpoint.
    struct RouteInfo
    {
        QHttpServerRequest::Method method;
        QString pattern;
        Access access;
        RateClass rateClass;
    };

    // The parser already refuses larger bodies as they arrive; the router checks
    // again so that no route ever runs on one, whoever built the request.
    static constexpr qsizetype kMaxBodyBytes = Limits::kMaxBodyBytes;

    explicit Router(Options options);
    Router(Router &&) noexcept;
    ~Router();

    void add(QHttpServerRequest::Method method, const QString &pattern, Access access,
             Handler handler, RateClass rateClass = RateClass::None);
    QFuture<ApiResponse> dispatch(ApiRequest request) const;
    QList<RouteInfo> routes() const;
    PublicBooking publicBooking() const { return m_options.publicBooking; }

    static QString accessName(Access access);
    static QString rateClassName(RateClass rateClass);
    static QString publicBookingName(PublicBooking mode);
    static QString methodName(QHttpServerRequest::Method method);

    // The decoded segments of a raw (still percent-encoded) path; false when
    // an escape is malformed or a segment is not UTF-8.
    static bool splitPath(const QString &path, QStringList *segments);
    // At most this many characters of a path are echoed in a 404 or 405.
    static constexpr qsizetype kMaxEchoedPathLength = 100;

private:
    struct Route
    {
        QHttpServerRequest::Method method;
        QString pattern;
        QStringList segments;
        Access access;
        RateClass rateClass;
        Handler handler;
    };
    static bool matches(const Route &route, const QStringList &segments, QStringList *arguments);
    // nullopt: the principal may call the route; else the 401/403 to answer.
    std::optional<DomainError> refusal(const Route &route, const Result<Principal> &resolved,
                                       Principal *principal) const;
    QFuture<ApiResponse> admitAndRun(const Route &route, ApiRequest request) const;

    Options m_options;
    QList<Route> m_routes;
    // Lives on the thread that made the Router (the HTTP thread): a token
    // lookup that had to query finishes elsewhere and resumes there.
    std::unique_ptr<QObject> m_context;
};
