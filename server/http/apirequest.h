#pragma once

#include <QByteArray>
#include <QHttpServerRequest>
#include <QString>
#include <QStringList>
#include <QUrlQuery>

// Everything a handler may read from an HTTP request, copied out of Qt's
// per-connection QHttpServerRequest so workers never touch that object
// (it is reused for the next request on the same connection).
struct ApiRequest
{
    QHttpServerRequest::Method method = QHttpServerRequest::Method::Unknown;
    QString path;
    QUrlQuery query;
    QByteArray body;
    QByteArray contentType;
    QByteArray authorization;
    QByteArray idempotencyKey;
    bool closeAfterResponse = false;
    QStringList pathArguments; // the ":id"-style segments, filled in by the Router

    static ApiRequest from(const QHttpServerRequest &request)
    {
        ApiRequest copy;
        copy.method = request.method();
        copy.path = request.url().path();
        copy.query = request.query();
        copy.body = request.body();
        copy.contentType = request.value("content-type");
        copy.authorization = request.value("authorization");
        copy.idempotencyKey = request.value("idempotency-key");
        copy.closeAfterResponse = request.value("connection").trimmed().toLower() == "close";
        return copy;
    }
};
