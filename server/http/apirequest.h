#pragma once

#include <QByteArray>
#include <QHttpServerRequest>
#include <QString>
#include <QStringList>
#include <QUrlQuery>

#include <atomic>
#include <memory>

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
    // Set by the HTTP layer when the client hangs up before its answer is
    // written, so queued work for it is dropped instead of run late.
    std::shared_ptr<std::atomic<bool>> abandoned = std::make_shared<std::atomic<bool>>(false);

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
