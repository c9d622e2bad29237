#pragma once

#include "apilimits.h"
#include "apirequest.h"
#include "apiresponse.h"

#include <QFuture>
#include <QList>
#include <QStringList>

#include <functional>

// Maps method + path pattern ("/shows/:id/book") to a handler. Unknown paths
// get 404, known paths with the wrong method 405 with an Allow header, admin
// routes without the right bearer token 401, and oversized bodies 413 -
// before any handler or database work. Paths are split on '/' first and each
// segment percent-decoded after, so an encoded "%2F" never splits a segment;
// empty segments (repeated or trailing slashes) are ignored.
class Router
{
public:
    using Handler = std::function<QFuture<ApiResponse>(const ApiRequest &)>;
    enum class Access
    {
        Public,
        Admin
    };

    // The parser already refuses larger bodies as they arrive; the router checks
    // again so that no route ever runs on one, whoever built the request.
    static constexpr qsizetype kMaxBodyBytes = Limits::kMaxBodyBytes;

    explicit Router(QByteArray adminToken) : m_adminToken(std::move(adminToken)) {}

    void add(QHttpServerRequest::Method method, const QString &pattern, Access access,
             Handler handler);
    QFuture<ApiResponse> dispatch(ApiRequest request) const;

    // The decoded segments of a raw (still percent-encoded) path; false when
    // an escape is malformed or a segment is not UTF-8.
    static bool splitPath(const QString &path, QStringList *segments);
    // At most this many characters of a path are echoed in a 404 or 405.
    static constexpr qsizetype kMaxEchoedPathLength = 100;

private:
    struct Route
    {
        QHttpServerRequest::Method method;
        QStringList segments;
        Access access;
        Handler handler;
    };
    static bool matches(const Route &route, const QStringList &segments, QStringList *arguments);
    bool authorised(const ApiRequest &request) const;

    QByteArray m_adminToken;
    QList<Route> m_routes;
};
